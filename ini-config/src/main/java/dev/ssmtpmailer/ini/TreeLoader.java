package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link IniConfigLoader}: reads the tree, translates each section, lets core validate the whole. */
final class TreeLoader implements IniConfigLoader {
    static final String MAIN_FILE = MainFile.NAME;

    private static final List<String> SECTION_KINDS = Arrays.stream(SectionKind.values()).map(SectionKind::header).toList();
    private static final Logger LOG = LoggerFactory.getLogger(TreeLoader.class);

    private final Function<String, String> environment;
    private final Consumer<String> warnings;
    private final Consumer<ConfigProblem> unsetVariables;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();
    private final int loaderGid;

    TreeLoader(Function<String, String> environment, Consumer<String> warnings, Consumer<ConfigProblem> unsetVariables) {
        this(environment, warnings, unsetVariables, processGid());
    }

    /** @param loaderGid the group of the process that loads the tree, -1 when unknown (tests give one) */
    TreeLoader(Function<String, String> environment, Consumer<String> warnings, Consumer<ConfigProblem> unsetVariables,
            int loaderGid) {
        this.environment = environment;
        this.warnings = warnings;
        this.unsetVariables = unsetVariables;
        this.loaderGid = loaderGid;
    }

    /** @return the effective group of this process (the owner group of /proc/self), -1 where it cannot tell */
    static int processGid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }

    @Override
    public RelayConfig load(Path configDir) {
        return load(configDir, false);
    }

    /**
     * @param globalOnly read the {@code [global]} section of {@code ssmtp-mailer.conf} alone: the configuration then
     *        has no domains, users or mappings, and their files are neither read nor checked
     */
    RelayConfig load(Path configDir, boolean globalOnly) {
        Path dir = Objects.requireNonNull(configDir, "configDir").toAbsolutePath().normalize();
        Problems problems = new Problems();
        if (!Files.isDirectory(dir)) {
            problems.add(dir.toString(), 0, null, null, Files.exists(dir)
                    ? "the configuration directory is not a directory" : "the configuration directory does not exist");
            problems.throwIfAny();
        }
        Load load = new Load(dir, problems, globalOnly);
        RelayConfig config = load.run();
        problems.throwIfAny();
        LOG.debug("read {} files from {}: {} domains, {} users, {} mappings", load.filesRead, dir,
                config.domains().size(), config.users().size(), config.mappings().size());
        return config;
    }

    /** One run over one tree. */
    private final class Load {
        private final Path dir;
        private final Problems problems;
        private final Set<Path> seenFiles = new HashSet<>();
        private final RelayConfig.Builder builder = RelayConfig.builder().environment(environment);
        private final boolean globalOnly;
        private PathResolver paths;
        private int filesRead;

        Load(Path dir, Problems problems, boolean globalOnly) {
            this.dir = dir;
            this.problems = problems;
            this.globalOnly = globalOnly;
            this.paths = new PathResolver(dir, null);
            if (unsetVariables != null) {
                builder.unsetVariables(unsetVariables);
            }
        }

        RelayConfig run() {
            Path mainPath = dir.resolve(MAIN_FILE);
            Optional<IniFile> main = read(mainPath);
            IniFile.Section global = null;
            List<IniFile.Section> others = new ArrayList<>();
            if (main.isPresent()) {
                for (IniFile.Section s : main.get().sections()) {
                    if (s.header().equals("global") && global == null) {
                        global = s;
                    } else if (s.header().equals("global")) {
                        problems.add(MAIN_FILE, s.line(), "global", null,
                                "[global] is defined twice (first at line " + global.line() + ")");
                    } else {
                        others.add(s);
                    }
                }
                if (global == null) {
                    problems.add(MAIN_FILE, 0, null, null, "has no [global] section");
                }
            }
            SectionReader globalReader = null;
            if (global != null) {
                paths = new PathResolver(dir, MainFile.configDirValue(global));
                globalReader = new SectionReader(main.get(), global, "global", problems, paths);
                globalReader.value(ConfigKeys.CONFIG_DIR); // only checked: it decides which paths follow the tree
                builder.section(values(SectionKind.GLOBAL, null, globalReader, main.get()));
            }
            if (main.isPresent() && !globalOnly) {
                for (IniFile.Section s : others) {
                    section(main.get(), s);
                }
            }
            for (ConfigKey<Path> d : globalOnly ? List.<ConfigKey<Path>>of() : MainFile.DIRECTORIES) {
                directory(globalReader, d);
            }
            try {
                return builder.build();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                return null;
            }
        }

        private Optional<IniFile> read(Path file) {
            Path key;
            try {
                key = file.toRealPath();
            } catch (IOException e) {
                key = file;
            }
            if (!seenFiles.add(key)) {
                return Optional.empty(); // two *_dir keys naming the same directory: read each file once
            }
            filesRead++;
            return IniReader.read(file, paths.display(file), problems);
        }

        private void directory(SectionReader global, ConfigKey<Path> directoryKey) {
            String key = directoryKey.name();
            boolean written = global != null && global.has(key);
            Path d = written ? global.value(directoryKey) : dir.resolve(directoryKey.defaultValue());
            if (d == null) {
                return; // not a path: already reported
            }
            if (!Files.isDirectory(d)) {
                String message = "directory '" + paths.display(d) + "' does not exist"
                        + (written ? "" : " (the default; set " + key + " to move it)");
                if (global != null) {
                    global.problem(key, message);
                } else {
                    problems.add(MAIN_FILE, 0, null, key, message);
                }
                return;
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(d, "*.conf")) {
                for (Path p : stream) {
                    if (!p.getFileName().toString().startsWith(".")) { // editor and lock files
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                String message = "cannot list directory '" + paths.display(d) + "': " + e.getClass().getSimpleName();
                if (global != null) {
                    global.problem(key, message);
                } else {
                    problems.add(MAIN_FILE, 0, null, key, message);
                }
                return;
            }
            files.sort(Comparator.comparing(p -> p.getFileName().toString()));
            for (Path f : files) {
                read(f).ifPresent(file -> file.sections().forEach(s -> section(file, s)));
            }
        }

        private void section(IniFile file, IniFile.Section s) {
            String header = s.header();
            int colon = header.indexOf(':');
            String kind = colon < 0 ? header : header.substring(0, colon).strip();
            String name = colon < 0 ? null : header.substring(colon + 1).strip();
            String normal = name == null ? kind : kind + ":" + name;
            switch (kind) {
                case "global" -> problems.add(file.name(), s.line(), normal, null, name == null
                        ? "[global] belongs in " + MAIN_FILE + " only" : "[global] takes no name");
                case "domain", "user", "mapping" -> {
                    if (name == null || name.isEmpty()) {
                        problems.add(file.name(), s.line(), header, null, "needs a name, as in [" + kind + ":"
                                + switch (kind) {
                                    case "domain" -> "domain1.com";
                                    case "user" -> "mail-relay@domain1.com";
                                    default -> "contact-sales";
                                } + "]");
                        return;
                    }
                    SectionReader r = new SectionReader(file, s, normal, problems, paths);
                    builder.section(values(SectionKind.valueOf(kind.toUpperCase(Locale.ROOT)), name, r, file));
                }
                default -> problems.add(file.name(), s.line(), header, null, "unknown section kind '" + Text.printable(kind)
                        + "'; did you mean [" + Text.closest(kind, SECTION_KINDS)
                        + (Text.closest(kind, SECTION_KINDS).equals("global") ? "" : ":...") + "]?");
            }
        }

        /**
         * Every key of the section converted to its type, for core to check and build; secrets whose file others
         * can read are warned about.
         */
        private SectionValues values(SectionKind kind, String name, SectionReader r, IniFile file) {
            r.checkKeys(ConfigKeys.of(kind).stream().map(ConfigKey::name).toList());
            SectionValues v = SectionValues.of(kind, name, r.location());
            r.readInto(v);
            for (ConfigKey<?> key : v.keys()) {
                if (key.secret()) {
                    warnIfOthersCanRead(dir.resolve(file.name()), file.name());
                } else if (key.sourceOf() != null && v.get(key) instanceof Path p) {
                    warnIfOthersCanRead(p, paths.display(p));
                }
            }
            return v;
        }
    }

    /**
     * Warns, once per file for the life of this loader, when a file holding a secret can be read by the group
     * or by others. Not an error: the operator may have reasons. A file of root that only its group may read
     * besides, when that group is the (non-root) group of the process loading it (root:ssmtp-mailer, 640, read by
     * the service), is not warned about: that is how a service that runs as its own user reads a secret it cannot
     * change (as Debian's ssl-cert keys). Any other group (root:users, root:adm, a setgid directory's) is warned.
     */
    private void warnIfOthersCanRead(Path file, String name) {
        Set<PosixFilePermission> perms;
        Path real;
        try {
            real = file.toRealPath();
            perms = Files.getPosixFilePermissions(real);
        } catch (IOException | UnsupportedOperationException e) {
            return; // missing (core reports it) or not a POSIX file system
        }
        boolean group = perms.contains(PosixFilePermission.GROUP_READ);
        boolean others = perms.contains(PosixFilePermission.OTHERS_READ);
        if (group && !others && rootsForTheLoadersGroup(real)) {
            return;
        }
        if ((group || others) && warned.add(real)) {
            String who = group && others ? "its group and others" : group ? "its group" : "others";
            String message = name + " holds a secret and can be read by " + who + " ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); restrict it, e.g. chmod 600 " + real
                    + " (or chown root:GROUP and chmod 640 for a service that runs with the group GROUP, and load the"
                    + " tree as that service's user)";
            LOG.warn(message);
            warnings.accept(message);
        }
    }

    /** @return whether root owns the file and its group is the loading process's, not root's, where it can tell */
    private boolean rootsForTheLoadersGroup(Path file) {
        if (loaderGid <= 0) {
            return false; // root's group, or unknown: warn as for any other file
        }
        try {
            return ((Integer) Files.getAttribute(file, "unix:uid")) == 0 && ((Integer) Files.getAttribute(file, "unix:gid")) == loaderGid;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false; // no unix view: warn as for any other file
        }
    }
}
