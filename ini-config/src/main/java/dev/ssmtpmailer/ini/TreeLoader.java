package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.config.UserConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    static final String MAIN_FILE = "ssmtp-mailer.conf";
    /** The directory keys of {@code [global]} and their defaults below the configuration directory. */
    static final Map<String, String> DIRECTORIES = dirs();

    private static final Logger LOG = LoggerFactory.getLogger(TreeLoader.class);

    private final Function<String, String> environment;
    private final Consumer<String> warnings;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();

    TreeLoader(Function<String, String> environment, Consumer<String> warnings) {
        this.environment = environment;
        this.warnings = warnings;
    }

    private static Map<String, String> dirs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("domains_dir", "domains");
        m.put("users_dir", "users");
        m.put("mappings_dir", "mappings");
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public RelayConfig load(Path configDir) {
        Path dir = Objects.requireNonNull(configDir, "configDir").toAbsolutePath().normalize();
        Problems problems = new Problems();
        if (!Files.isDirectory(dir)) {
            problems.add(dir.toString(), 0, null, null, Files.exists(dir)
                    ? "the configuration directory is not a directory" : "the configuration directory does not exist");
            problems.throwIfAny();
        }
        Load load = new Load(dir, problems);
        RelayConfig config = load.run();
        problems.throwIfAny();
        LOG.debug("read {} files from {}: {} domains, {} users, {} mappings", load.filesRead, dir,
                config.domains().size(), config.users().size(), config.mappings().size());
        return config;
    }

    /**
     * The directories a tree's files live in, for watching: the configuration directory and the domains,
     * users and mappings directories as {@code [global]} places them. Never fails: a broken main file gives
     * the defaults.
     */
    static List<Path> directoriesOf(Path configDir) {
        Path dir = configDir.toAbsolutePath().normalize();
        Problems ignored = new Problems();
        List<Path> result = new ArrayList<>();
        result.add(dir);
        IniFile main = IniReader.read(dir.resolve(MAIN_FILE), MAIN_FILE, ignored).orElse(new IniFile(MAIN_FILE, List.of()));
        IniFile.Section global = main.sections().stream().filter(s -> s.header().equals("global")).findFirst().orElse(null);
        PathResolver paths = new PathResolver(dir, global == null ? null : configDirValue(global));
        SectionReader r = global == null ? null : new SectionReader(main, global, "global", ignored, paths);
        DIRECTORIES.forEach((key, def) -> {
            Path p = r != null && r.has(key) ? r.path(key) : dir.resolve(def);
            if (p != null && !result.contains(p)) {
                result.add(p);
            }
        });
        return result;
    }

    private static Path configDirValue(IniFile.Section global) {
        IniFile.Entry e = global.entries().get("config_dir");
        if (e == null || e.value().isEmpty()) {
            return null;
        }
        try {
            return Path.of(e.value());
        } catch (java.nio.file.InvalidPathException ex) {
            return null; // reported when [global] is translated
        }
    }

    /** One run over one tree. */
    private final class Load {
        private final Path dir;
        private final Problems problems;
        private final Set<Path> seenFiles = new HashSet<>();
        private final RelayConfig.Builder builder = RelayConfig.builder();
        private PathResolver paths;
        private int filesRead;

        Load(Path dir, Problems problems) {
            this.dir = dir;
            this.problems = problems;
            this.paths = new PathResolver(dir, null);
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
                paths = new PathResolver(dir, configDirValue(global));
                globalReader = new SectionReader(main.get(), global, "global", problems, paths);
                builder.global(global(globalReader));
            }
            if (main.isPresent()) {
                for (IniFile.Section s : others) {
                    section(main.get(), s);
                }
            }
            for (Map.Entry<String, String> d : DIRECTORIES.entrySet()) {
                directory(globalReader, d.getKey(), d.getValue());
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

        private void directory(SectionReader global, String key, String defaultName) {
            boolean written = global != null && global.has(key);
            Path d = written ? global.path(key) : dir.resolve(defaultName);
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
                    switch (kind) {
                        case "domain" -> builder.domain(domain(name, r, file));
                        case "user" -> builder.user(user(name, r));
                        default -> builder.mapping(mapping(name, r));
                    }
                }
                default -> problems.add(file.name(), s.line(), header, null, "unknown section kind '" + Text.printable(kind)
                        + "'; did you mean [" + Text.closest(kind, Keys.SECTION_KINDS)
                        + (Text.closest(kind, Keys.SECTION_KINDS).equals("global") ? "" : ":...") + "]?");
            }
        }

        private GlobalSettings global(SectionReader r) {
            r.checkKeys(Keys.GLOBAL);
            GlobalSettings.Builder b = GlobalSettings.builder().source(r.location());
            set(r.string("default_hostname"), b::defaultHostname);
            String from = r.string("default_from");
            if (from != null) {
                try {
                    b.defaultFrom(EmailAddress.parse(from));
                } catch (InvalidAddressException e) {
                    r.problem("default_from", e.getMessage());
                }
            }
            r.path("config_dir"); // only checked: it decides which paths follow the tree (PathResolver)
            set(r.path("ssl_dir"), b::sslDir);
            set(r.path("ca_dir"), b::caDir);
            set(r.path("log_file"), b::logFile);
            set(r.string("log_level"), b::logLevel);
            set(r.integer("max_connections"), b::maxConnections);
            set(r.duration("connection_timeout"), b::connectionTimeout);
            set(r.duration("read_timeout"), b::readTimeout);
            set(r.duration("write_timeout"), b::writeTimeout);
            set(r.bool("enable_rate_limiting"), b::enableRateLimiting);
            set(r.integer("rate_limit_per_minute"), b::rateLimitPerMinute);
            set(r.integer("rate_limit_per_day"), b::rateLimitPerDay);
            set(r.path("spool_dir"), b::spoolDir);
            set(r.duration("retry_min_backoff"), b::retryMinBackoff);
            set(r.duration("retry_max_backoff"), b::retryMaxBackoff);
            set(r.duration("max_queue_lifetime"), b::maxQueueLifetime);
            set(r.size("max_message_size"), b::maxMessageSize);
            List<String> networks = r.list("trusted_networks");
            if (networks != null) {
                List<Cidr> cidrs = new ArrayList<>();
                for (String n : networks) {
                    try {
                        cidrs.add(Cidr.parse(n));
                    } catch (IllegalArgumentException e) {
                        r.problem("trusted_networks", e.getMessage());
                    }
                }
                b.trustedNetworks(cidrs);
            }
            b.serverLimits(serverLimits(r));
            return b.build();
        }

        private ServerLimits serverLimits(SectionReader r) {
            ServerLimits.Builder l = ServerLimits.builder();
            set(r.integer("server_max_connections"), l::maxConnections);
            set(r.integer("server_max_connections_per_client"), l::maxConnectionsPerClient);
            set(r.integer("server_max_messages_per_connection"), l::maxMessagesPerConnection);
            set(r.integer("server_max_recipients"), l::maxRecipients);
            set(r.integer("server_max_commands"), l::maxCommandsPerSession);
            set(r.integer("server_soft_error_limit"), l::softErrorLimit);
            set(r.integer("server_hard_error_limit"), l::hardErrorLimit);
            set(r.duration("server_error_delay"), l::errorDelay);
            set(r.duration("server_idle_timeout"), l::idleTimeout);
            set(r.duration("server_write_timeout"), l::writeTimeout);
            set(r.duration("server_max_session_time"), l::maxSessionTime);
            return l.build();
        }

        private DomainConfig domain(String name, SectionReader r, IniFile file) {
            r.checkKeys(Keys.DOMAIN);
            DomainConfig.Builder b = DomainConfig.builder(name).source(r.location());
            set(r.bool("enabled"), b::enabled);
            set(r.string("smtp_server"), b::smtpServer);
            set(r.integer("smtp_port"), b::smtpPort);
            String auth = r.string("auth_method");
            if (auth != null) {
                try {
                    b.authMethod(AuthMethod.parse(auth));
                } catch (IllegalArgumentException e) {
                    r.problem("auth_method", "must be one of NONE, LOGIN, PLAIN, XOAUTH2, was '" + Text.printable(auth) + "'");
                }
            }
            set(r.string("relay_account"), b::relayAccount);
            set(r.string("username"), b::username);
            set(secret(r, file, "password", "password_file", "password_env"), b::password);
            b.tls(tls(r));
            oauth2(r, file).ifPresent(b::oauth2);
            set(r.path("ca_file"), b::caFile);
            set(r.bool("verify_certificates"), b::verifyCertificates);
            set(r.integer("rate_limit_per_minute"), b::rateLimitPerMinute);
            set(r.integer("rate_limit_per_day"), b::rateLimitPerDay);
            set(r.integer("max_connections"), b::maxConnections);
            set(r.bool("forward_from_rewrite"), b::forwardFromRewrite);
            set(r.string("listen_address"), b::listenAddress);
            set(r.integer("listen_port"), b::listenPort);
            return b.build();
        }

        /** {@code use_ssl} and {@code use_starttls} become one {@link TlsMode}; both true cannot be honoured. */
        private TlsMode tls(SectionReader r) {
            Boolean ssl = r.bool("use_ssl");
            Boolean starttls = r.bool("use_starttls");
            if (Boolean.TRUE.equals(ssl) && Boolean.TRUE.equals(starttls)) {
                r.problem("use_ssl", "use_ssl = true and use_starttls = true exclude each other: use_ssl is TLS from the "
                        + "first byte (port 465), use_starttls upgrades a plain connection (port 587); set one to false");
                return TlsMode.STARTTLS;
            }
            if (Boolean.TRUE.equals(ssl)) {
                return TlsMode.IMPLICIT;
            }
            return Boolean.FALSE.equals(starttls) ? TlsMode.NONE : TlsMode.STARTTLS;
        }

        private Optional<OAuth2Settings> oauth2(SectionReader r, IniFile file) {
            Secret access = secret(r, file, "oauth2_access_token", "oauth2_access_token_file", null);
            URI endpoint = null;
            String e = r.string("oauth2_token_endpoint");
            if (e != null) {
                try {
                    endpoint = new URI(e);
                    if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
                        r.problem("oauth2_token_endpoint", "must be an absolute URL such as https://oauth2.googleapis.com/token, was '"
                                + Text.printable(e) + "'");
                        endpoint = null;
                    }
                } catch (URISyntaxException ex) {
                    r.problem("oauth2_token_endpoint", "is not a URL: '" + Text.printable(e) + "'");
                }
            }
            String clientId = r.string("oauth2_client_id");
            Secret clientSecret = secret(r, file, "oauth2_client_secret", "oauth2_client_secret_file", null);
            Secret refresh = secret(r, file, "oauth2_refresh_token", "oauth2_refresh_token_file", null);
            if (access == null && endpoint == null && clientId == null && clientSecret == null && refresh == null) {
                return Optional.empty();
            }
            return Optional.of(new OAuth2Settings(access, endpoint, clientId, clientSecret, refresh));
        }

        /** One secret from exactly one of its keys: the value itself, a file holding it, or an environment variable. */
        private Secret secret(SectionReader r, IniFile file, String valueKey, String fileKey, String envKey) {
            List<String> given = new ArrayList<>();
            for (String k : new String[] {valueKey, fileKey, envKey}) {
                if (k != null && r.has(k)) {
                    given.add(k);
                }
            }
            if (given.isEmpty()) {
                return null;
            }
            if (given.size() > 1) {
                r.problem(given.get(1), "cannot be combined with " + given.get(0) + " (line " + r.location().lineOf(given.get(0))
                        + "); set only one of " + String.join(", ", envKey == null ? List.of(valueKey, fileKey)
                                : List.of(valueKey, fileKey, envKey)));
            }
            String key = given.get(0);
            if (key.equals(valueKey)) {
                warnIfOthersCanRead(dir.resolve(file.name()), file.name());
                return Secret.of(r.string(key));
            }
            if (key.equals(fileKey)) {
                Path p = r.path(key);
                if (p == null) {
                    return null;
                }
                warnIfOthersCanRead(p, paths.display(p));
                return Secret.fromFile(p);
            }
            String variable = r.string(key);
            if (variable.isEmpty()) {
                r.problem(key, "must name an environment variable");
                return null;
            }
            return Secret.fromEnv(variable, environment);
        }

        private UserConfig user(String address, SectionReader r) {
            r.checkKeys(Keys.USER);
            UserConfig.Builder b = UserConfig.builder(address).source(r.location());
            set(r.bool("enabled"), b::enabled);
            set(r.string("domain"), b::domain);
            set(r.bool("can_send_from"), b::canSendFrom);
            set(r.bool("can_send_to"), b::canSendTo);
            set(r.bool("template_address"), b::templateAddress);
            set(r.list("allowed_domains"), b::allowedDomains);
            return b.build();
        }

        private MappingConfig mapping(String name, SectionReader r) {
            r.checkKeys(Keys.MAPPING);
            return new MappingConfig(name, r.string("from_pattern"), r.string("to_pattern"), r.string("smtp_account"),
                    r.string("domain"), r.location());
        }
    }

    /**
     * Warns, once per file for the life of this loader, when a file holding a secret can be read by the group
     * or by others. Not an error: the operator may have reasons (a group the service runs in).
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
        if ((group || others) && warned.add(real)) {
            String who = group && others ? "its group and others" : group ? "its group" : "others";
            String message = name + " holds a secret and can be read by " + who + " ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); restrict it, e.g. chmod 600 " + real;
            LOG.warn(message);
            warnings.accept(message);
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
