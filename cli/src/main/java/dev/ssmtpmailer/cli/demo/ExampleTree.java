package dev.ssmtpmailer.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The guide's configuration tree, bundled in the jar at build time from {@code examples/config/etc/ssmtp-mailer}
 * (so there is one copy in git), written out to a directory for the INI loader.
 */
final class ExampleTree {
    private static final String BASE = "/dev/ssmtpmailer/cli/demo/tree/";
    /** The guide's files (sections 1 to 5 of "Configuration Files"). */
    static final List<String> FILES = List.of("ssmtp-mailer.conf", "domains/domain1.com.conf",
            "domains/mailer.domain1.com.conf", "mappings/relay-mappings.conf", "users/mail-relay@domain1.com.conf");

    private ExampleTree() {
    }

    /**
     * @param dir an empty directory
     * @return {@code dir}, now holding the tree
     * @throws IOException if a file cannot be written
     * @throws IllegalStateException if the jar lacks a file (a broken build)
     */
    static Path writeTo(Path dir) throws IOException {
        for (String name : FILES) {
            try (InputStream in = ExampleTree.class.getResourceAsStream(BASE + name)) {
                if (in == null) {
                    throw new IllegalStateException("the example tree is not bundled: " + BASE + name + " is missing");
                }
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
                ownerOnly(target);
            }
        }
        Files.createDirectories(dir.resolve("ssl"));
        return dir;
    }

    /** The tree holds a password: readable by its owner only, as the loader asks of a real tree. */
    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
