package dev.ssmtpmailer.ini;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link IniConfig#readSubmission}: the few keys a hand-over to {@code serve} needs, read from the same files in
 * the same order as {@link TreeLoader} reads them, with the same {@link IniReader}, but without core's key table,
 * conversions and validation. Those cost a short-lived {@code sendmail} process more than everything else it does
 * (about 40 ms of class initialisation on a fast machine, CDS archive or not), so the key names and the rules
 * below are written out here; {@code SubmissionReaderTest} keeps them equal to {@code ConfigKeys} and to the
 * answers of a full load.
 *
 * <p>It answers only when it is sure: any file it cannot read, any line {@link IniReader} finds a problem in, a
 * value it does not recognise, two sections with the same domain name, a section kind it does not know, or no
 * local domain with a usable port, and it answers nothing. The caller then loads the tree, which reports what
 * is wrong. It never reports problems itself.
 */
final class SubmissionReader {
    // The keys this reader knows; SubmissionReaderTest compares each with ConfigKeys.
    static final String DEFAULT_HOSTNAME = "default_hostname";
    static final String DEFAULT_FROM = "default_from";
    static final String MAX_MESSAGE_SIZE = "max_message_size";
    static final String CONFIG_DIR = "config_dir";
    static final List<Directory> DIRECTORIES = List.of(new Directory("domains_dir", "domains"),
            new Directory("users_dir", "users"), new Directory("mappings_dir", "mappings"));
    static final String ENABLED = "enabled";
    static final String INBOUND = "inbound";
    static final String SMTP_SERVER = "smtp_server";
    static final String SMTP_PORT = "smtp_port";
    static final String LISTEN_ADDRESS = "listen_address";
    static final String LISTEN_PORT = "listen_port";
    static final String FROM_PATTERN = "from_pattern";
    // Their defaults, also compared with ConfigKeys.
    static final String DEFAULT_HOSTNAME_DEFAULT = "localhost";
    static final long MAX_MESSAGE_SIZE_DEFAULT = 25L * 1024 * 1024;
    static final int SMTP_PORT_DEFAULT = 587;

    /** As TreeLoader orders a directory's files; a class rather than a lambda, which costs a fresh JVM more. */
    private static final Comparator<Path> BY_NAME = new Comparator<>() {
        @Override
        public int compare(Path a, Path b) {
            return a.getFileName().toString().compareTo(b.getFileName().toString());
        }
    };

    private final Problems problems = new Problems();
    private final Set<Path> seenFiles = new HashSet<>();
    private final List<Map<String, IniFile.Entry>> domains = new ArrayList<>();
    private final List<String> domainNames = new ArrayList<>();
    private final Set<String> mappedDomains = new HashSet<>();
    private boolean unsure;

    private SubmissionReader() {
    }

    /** A {@code *_dir} key of {@code [global]} and its default below the configuration directory. */
    record Directory(String key, String byDefault) {
    }

    /** @see IniConfig#readSubmission */
    static Optional<SubmissionSettings> read(Path configDir) {
        return new SubmissionReader().run(configDir.toAbsolutePath().normalize());
    }

    private Optional<SubmissionSettings> run(Path dir) {
        Optional<IniFile> main = file(dir.resolve(MainFile.NAME), MainFile.NAME);
        if (main.isEmpty()) {
            return Optional.empty();
        }
        IniFile.Section global = null;
        for (IniFile.Section s : main.get().sections()) {
            if (!s.header().equals("global")) {
                section(s);
            } else if (global == null) {
                global = s;
            } else {
                unsure = true; // [global] twice
            }
        }
        if (global == null) {
            return Optional.empty();
        }
        Map<String, IniFile.Entry> g = global.entries();
        Path declared = path(g, CONFIG_DIR, null);
        PathResolver paths = new PathResolver(dir, declared);
        for (Directory directory : DIRECTORIES) {
            Path d = g.containsKey(directory.key()) ? path(g, directory.key(), paths) : dir.resolve(directory.byDefault());
            if (d != null) {
                directory(d, paths);
            }
        }
        String hostname = text(g, DEFAULT_HOSTNAME, DEFAULT_HOSTNAME_DEFAULT);
        long maxSize = size(g.get(MAX_MESSAGE_SIZE));
        String defaultFrom = text(g, DEFAULT_FROM, null);
        if (defaultFrom != null) {
            try {
                EmailAddress.parse(defaultFrom);
            } catch (InvalidAddressException e) {
                return Optional.empty();
            }
        }
        Map<String, IniFile.Entry> local = unsure ? null : localDomain(hostname);
        if (local == null || unsure || !problems.isEmpty()) {
            return Optional.empty();
        }
        String host = text(local, LISTEN_ADDRESS, text(local, SMTP_SERVER, null));
        int port = number(local.containsKey(LISTEN_PORT) ? local.get(LISTEN_PORT) : local.get(SMTP_PORT), SMTP_PORT_DEFAULT);
        if (host == null || port < 1 || port > 65535 || maxSize <= 0 || unsure) {
            return Optional.empty();
        }
        return Optional.of(new SubmissionSettings(host, port, maxSize, hostname, defaultFrom));
    }

    /**
     * The first enabled local domain that has {@code listen_*} keys, else the first enabled local one (as
     * {@code ListenAddress} chooses); local as {@code DomainRole} decides.
     */
    private Map<String, IniFile.Entry> localDomain(String hostname) {
        Map<String, IniFile.Entry> first = null;
        for (int i = 0; i < domains.size(); i++) {
            Map<String, IniFile.Entry> d = domains.get(i);
            String name = domainNames.get(i);
            boolean local = bool(d.get(INBOUND), false) || name.equals(hostname.toLowerCase(Locale.ROOT))
                    || mappedDomains.contains(name);
            if (!bool(d.get(ENABLED), true) || !local) {
                continue;
            }
            if (d.containsKey(LISTEN_ADDRESS) || d.containsKey(LISTEN_PORT)) {
                return d;
            }
            first = first == null ? d : first;
        }
        return first;
    }

    private Optional<IniFile> file(Path file, String name) {
        Path key;
        try {
            key = file.toRealPath();
        } catch (IOException e) {
            unsure = true;
            return Optional.empty();
        }
        if (!seenFiles.add(key)) {
            return Optional.empty(); // two *_dir keys naming the same directory: each file once, as TreeLoader does
        }
        Optional<IniFile> read = IniReader.read(file, name, problems);
        if (read.isEmpty() || !problems.isEmpty()) {
            unsure = true;
            return Optional.empty();
        }
        return read;
    }

    private void directory(Path d, PathResolver paths) {
        if (!Files.isDirectory(d)) {
            unsure = true;
            return;
        }
        List<Path> files = new ArrayList<>();
        // TreeLoader's "*.conf" glob, without compiling the glob to a regular expression
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(d)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(".conf") && !name.startsWith(".")) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            unsure = true;
            return;
        }
        files.sort(BY_NAME);
        for (Path f : files) {
            Optional<IniFile> file = file(f, paths.display(f));
            if (file.isPresent()) {
                for (IniFile.Section s : file.get().sections()) {
                    section(s);
                }
            }
        }
    }

    private void section(IniFile.Section s) {
        String header = s.header();
        int colon = header.indexOf(':');
        String kind = colon < 0 ? header : header.substring(0, colon).strip();
        String name = colon < 0 ? "" : header.substring(colon + 1).strip();
        if (name.isEmpty() || !(kind.equals("domain") || kind.equals("user") || kind.equals("mapping"))) {
            unsure = true; // [global] outside the main file, an unknown kind, or no name: the full load refuses it
            return;
        }
        if (kind.equals("domain")) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (domainNames.contains(lower)) {
                unsure = true;
            }
            domainNames.add(lower);
            domains.add(s.entries());
        } else if (kind.equals("mapping")) {
            String pattern = text(s.entries(), FROM_PATTERN, "");
            int at = pattern.lastIndexOf('@');
            if (at >= 0) {
                mappedDomains.add(pattern.substring(at + 1).toLowerCase(Locale.ROOT));
            }
        }
    }

    private String text(Map<String, IniFile.Entry> section, String key, String absent) {
        IniFile.Entry e = section.get(key);
        if (e == null) {
            return absent;
        }
        if (e.value().isEmpty()) {
            unsure = true;
        }
        return e.value();
    }

    private Path path(Map<String, IniFile.Entry> section, String key, PathResolver paths) {
        String written = text(section, key, null);
        if (written == null || written.isEmpty()) {
            return null;
        }
        try {
            Path p = Path.of(written);
            return paths == null ? p : paths.resolve(p);
        } catch (InvalidPathException e) {
            unsure = true;
            return null;
        }
    }

    private boolean bool(IniFile.Entry e, boolean absent) {
        if (e == null) {
            return absent;
        }
        switch (e.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                unsure = true;
                return absent;
        }
    }

    /** A port: digits only, else unsure. */
    private int number(IniFile.Entry e, int absent) {
        if (e == null) {
            return absent;
        }
        String v = e.value();
        if (v.isEmpty() || v.length() > 5 || !digits(v, v.length())) {
            unsure = true;
            return -1;
        }
        return Integer.parseInt(v);
    }

    /** Bytes, or digits with {@code K}, {@code M} or {@code G} (powers of 1024); anything else is unsure. */
    private long size(IniFile.Entry e) {
        if (e == null) {
            return MAX_MESSAGE_SIZE_DEFAULT;
        }
        String v = e.value();
        int n = v.length();
        int shift = n == 0 ? 0 : switch (Character.toLowerCase(v.charAt(n - 1))) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        int end = shift == 0 ? n : n - 1;
        if (end == 0 || end > 12 || !digits(v, end)) {
            unsure = true;
            return -1;
        }
        return Long.parseLong(v.substring(0, end)) << shift;
    }

    private static boolean digits(String v, int end) {
        for (int i = 0; i < end; i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
