package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.config.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [global]} section of a tree's {@code ssmtp-mailer.conf}, read on its own for what is needed apart from
 * a full load: the directories to watch, and the logging settings a command applies before loading (loading
 * logs). Never fails and never logs: what cannot be read gives the defaults, and the full load reports it.
 */
final class MainFile {
    static final String NAME = "ssmtp-mailer.conf";
    /** The directory keys of {@code [global]}; their defaults are below the configuration directory. */
    static final List<ConfigKey<Path>> DIRECTORIES = List.of(ConfigKeys.DOMAINS_DIR, ConfigKeys.USERS_DIR,
            ConfigKeys.MAPPINGS_DIR);

    private MainFile() {
    }

    /**
     * @param global the {@code [global]} section
     * @return its {@code config_dir}, or {@code null} when it is not set or not a path (reported by the full load)
     */
    static Path configDirValue(IniFile.Section global) {
        IniFile.Entry e = global.entries().get(ConfigKeys.CONFIG_DIR.name());
        return e == null ? null : ValueType.PATH.parse(e.value());
    }

    /**
     * @param configDir the configuration directory
     * @return the directories its files live in: the directory itself and the domains, users and mappings
     *         directories as {@code [global]} places them
     */
    static List<Path> directories(Path configDir) {
        Path dir = configDir.toAbsolutePath().normalize();
        Optional<SectionReader> global = global(dir);
        List<Path> result = new ArrayList<>();
        result.add(dir);
        for (ConfigKey<Path> key : DIRECTORIES) {
            Path p = global.filter(r -> r.has(key.name())).map(r -> r.value(key)).orElse(dir.resolve(key.defaultValue()));
            if (!result.contains(p)) {
                result.add(p);
            }
        }
        return result;
    }

    /**
     * @param configDir the configuration directory
     * @return the settings of {@code [global]} alone; defaults for whatever is missing or wrong
     */
    static GlobalSettings globalSettings(Path configDir) {
        SectionValues values = SectionValues.of(SectionKind.GLOBAL, null, null);
        global(configDir.toAbsolutePath().normalize()).ifPresent(r -> r.readInto(values));
        return GlobalSettings.of(values);
    }

    /** The first {@code [global]} of the main file, paths resolved as the full load resolves them. */
    private static Optional<SectionReader> global(Path dir) {
        Problems ignored = new Problems();
        return IniReader.read(dir.resolve(NAME), NAME, ignored).flatMap(main -> main.sections().stream()
                .filter(s -> s.header().equals(SectionKind.GLOBAL.header())).findFirst()
                .map(s -> new SectionReader(main, s, s.header(), ignored, new PathResolver(dir, configDirValue(s)))));
    }
}
