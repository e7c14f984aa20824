package dev.ssmtpmailer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Configures slf4j-simple before the first logger exists: quiet (WARN on stderr) by default, the SMTP trace
 * on request, and for {@code serve} the {@code log_file} at {@code log_level}. slf4j-simple reads these
 * properties once, when the first logger is created, so every command calls this before it touches core.
 */
final class Logging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /** The logger core's SMTP client writes the protocol trace to (see core's {@code SmtpTrace}). */
    static final String SMTP_TRACE_LOGGER = "dev.ssmtpmailer.smtp.trace";
    /**
     * SubEthaSMTP's loggers: at DEBUG its session logs every command line a client sends ("Client: ..."), an
     * {@code AUTH PLAIN} with its credentials included, so they never go below INFO.
     */
    static final String SUBETHASMTP_LOGGER = "org.subethamail";

    private Logging() {
    }

    /** @param verbose whether to show the SMTP protocol trace on stderr */
    static void quiet(boolean verbose) {
        setIfAbsent("defaultLogLevel", "warn");
        setIfAbsent("logFile", "System.err");
        setIfAbsent("showThreadName", "false");
        // "WARN <sentence>": a class name tells a user of the command nothing
        setIfAbsent("showShortLogName", "false");
        setIfAbsent("showLogName", "false");
        // a failed delivery is the command's own one-line reason; the client's WARN would say it twice
        setIfAbsent("log.dev.ssmtpmailer.smtp", "error");
        if (verbose) {
            System.setProperty(PREFIX + "log." + SMTP_TRACE_LOGGER, "trace");
        }
        noClientLines();
    }

    /**
     * @param file the log file, or {@code null} for stdout
     * @param level the guide's {@code log_level} (DEBUG, INFO, WARN, ERROR)
     * @param trace whether to log the SMTP protocol trace too ({@code serve -v})
     * @return the open log file, to reopen on SIGHUP, or {@code null} for stdout
     * @throws java.io.UncheckedIOException if the log file cannot be opened
     */
    static LogFile toFile(Path file, String level, boolean trace) {
        if (trace) {
            System.setProperty(PREFIX + "log." + SMTP_TRACE_LOGGER, "trace");
        }
        System.setProperty(PREFIX + "defaultLogLevel", level == null ? "info" : level.toLowerCase(Locale.ROOT));
        noClientLines();
        String problem = file == null ? null : ownerOnly(file);
        System.setProperty(PREFIX + "showDateTime", "true");
        System.setProperty(PREFIX + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        WarmUpLog.LINE_FORMAT.forEach((key, value) -> System.setProperty(PREFIX + key, value));
        if (file == null) {
            System.setProperty(PREFIX + "logFile", "System.out");
            return null;
        }
        // slf4j-simple opens a file once and keeps it; System.err it looks up at each line, so the log goes
        // there and System.err becomes the reopenable file. Command errors use the stderr captured at start.
        LogFile log = new LogFile(file);
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        System.setProperty(PREFIX + "logFile", "System.err");
        if (problem != null) {
            LoggerFactory.getLogger(Logging.class).warn(problem);
        }
        return log;
    }

    /**
     * Creates the log file 0600 whatever the umask (it records addresses and subjects of mail), or sets an existing
     * one open to other users to 0600.
     *
     * @return a warning to log once logging is set up, or {@code null}
     */
    static String ownerOnly(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
            return null;
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (IOException e) {
            return null; // slf4j-simple reports a file it cannot open
        }
        try {
            Set<PosixFilePermission> was = Files.getPosixFilePermissions(file);
            if (mode.containsAll(was)) {
                return null;
            }
            Files.setPosixFilePermissions(file, mode);
            return "log_file " + file + " was " + PosixFilePermissions.toString(was)
                    + " (readable by other local users); set to rw-------";
        } catch (IOException e) {
            return "log_file " + file + " may be readable by other local users and its mode cannot be changed: " + e;
        }
    }

    /**
     * Keeps SubEthaSMTP's loggers at INFO or above, whatever {@code log_level} or a {@code -D} option says: the
     * contract logs no credentials, and its DEBUG lines are the client's raw command lines. slf4j-simple takes a
     * logger's level from the most specific {@code log.} key, so the key of every logger under
     * {@code org.subethamail} ({@code -Dorg.slf4j.simpleLogger.log.org.subethamail.smtp.server.Session=debug})
     * is clamped too, not only {@code log.org.subethamail}.
     */
    static void noClientLines() {
        String key = PREFIX + "log." + SUBETHASMTP_LOGGER;
        String own = System.getProperty(key);
        if (tooLow(own != null ? own : System.getProperty(PREFIX + "defaultLogLevel", "info"))) {
            System.setProperty(key, "info");
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(key + ".") && tooLow(System.getProperty(name))) {
                System.setProperty(name, "info");
            }
        }
    }

    /** @return whether a logger at {@code level} writes DEBUG lines */
    private static boolean tooLow(String level) {
        String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
        return l.equals("debug") || l.equals("trace") || l.equals("all");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
