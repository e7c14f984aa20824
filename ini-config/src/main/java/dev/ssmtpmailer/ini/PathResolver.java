package dev.ssmtpmailer.ini;

import java.nio.file.Path;

/**
 * Resolves paths written in the tree. Relative paths are resolved against the directory being loaded.
 * Absolute paths below the {@code config_dir} written in {@code [global]} follow the tree: the guide writes
 * {@code domains_dir = /etc/ssmtp-mailer/domains} next to {@code config_dir = /etc/ssmtp-mailer}, and a copy
 * of that tree loaded from elsewhere (a test, the shipped example, a container mount) must read its own
 * {@code domains/}, not the host's {@code /etc}. Other absolute paths are taken as written.
 */
final class PathResolver {
    private final Path configDir;
    private final Path declaredConfigDir;

    /**
     * @param configDir the directory being loaded, absolute and normalised
     * @param declaredConfigDir the {@code config_dir} value, or {@code null} when it is not set
     */
    PathResolver(Path configDir, Path declaredConfigDir) {
        this.configDir = configDir;
        this.declaredConfigDir = declaredConfigDir == null || !declaredConfigDir.isAbsolute()
                ? null : declaredConfigDir.normalize();
    }

    Path resolve(Path written) {
        if (!written.isAbsolute()) {
            return configDir.resolve(written).normalize();
        }
        Path p = written.normalize();
        if (declaredConfigDir != null && p.startsWith(declaredConfigDir)) {
            return configDir.resolve(declaredConfigDir.relativize(p)).normalize();
        }
        return p;
    }

    /** @return the file's name relative to the configuration directory when it is inside it, else absolute */
    String display(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (p.startsWith(configDir) && !p.equals(configDir)) {
            return configDir.relativize(p).toString().replace('\\', '/');
        }
        return p.toString();
    }
}
