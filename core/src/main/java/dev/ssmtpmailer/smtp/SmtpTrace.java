package dev.ssmtpmailer.smtp;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in protocol trace: Angus's debug output, one line per TRACE event on the logger
 * {@value #LOGGER_NAME}. Angus already leaves the AUTH exchange out ({@code mail.debug.auth = false});
 * as a second guard, any line that starts an AUTH command keeps only the mechanism name. Angus also echoes
 * the message it sends after {@code 354}: those lines, up to the final {@code "."}, are replaced by one line
 * that counts them, because message content is never logged.
 */
final class SmtpTrace extends OutputStream {
    /** The logger to set to TRACE to see every command and reply (without AUTH data and message bodies). */
    static final String LOGGER_NAME = "dev.ssmtpmailer.smtp.trace";
    private static final Logger TRACE = LoggerFactory.getLogger(LOGGER_NAME);

    private final String account;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    /** Lines of message content seen since the {@code 354} reply, or -1 outside DATA. */
    private long contentLines = -1;

    private SmtpTrace(String account) {
        this.account = account;
    }

    static boolean enabled() {
        return TRACE.isTraceEnabled();
    }

    /** @return a stream for {@code Session.setDebugOut} that traces lines of {@code account} */
    static PrintStream forAccount(String account) {
        return new PrintStream(new SmtpTrace(account), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (contentLines >= 0) {
            if (!text.equals(".")) {
                contentLines++;
                return;
            }
            TRACE.trace("[{}] ({} lines of message content, not traced)", account, contentLines);
            contentLines = -1;
        } else if (text.startsWith("354")) {
            contentLines = 0;
        }
        TRACE.trace("[{}] {}", account, mask(text));
    }

    static String mask(String text) {
        String upper = text.stripLeading().toUpperCase(Locale.ROOT);
        if (upper.startsWith("AUTH ")) {
            String[] parts = text.strip().split("\\s+");
            return parts.length > 2 ? parts[0] + " " + parts[1] + " ******" : text;
        }
        return text;
    }
}
