package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.message.MessageBody;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Hands a {@link MessageBody} to Angus unchanged. Angus sends {@code message.writeTo(dataStream)} after DATA;
 * this message writes the caller's bytes there instead of rendering MIME parts, so headers, encodings and
 * DKIM signatures stay exactly as given. The data stream turns line ends into CRLF and dot-stuffs.
 * The envelope sender comes from {@link #setEnvelopeFrom}, so no {@code From:} header is parsed.
 *
 * <p>A connection keeps one and {@linkplain #prepare prepares} it for each message: a {@code MimeMessage}
 * sets up a header table and flags on construction, which this message never uses.
 */
final class PassThroughMessage extends SMTPMessage {
    private MessageBody body;

    PassThroughMessage(Session session) {
        super(session);
    }

    /** @return this message, carrying {@code body} from {@code reversePath} (empty for the null sender) */
    PassThroughMessage prepare(String reversePath, MessageBody body) {
        this.body = body;
        setEnvelopeFrom(reversePath.isEmpty() ? "<>" : reversePath);
        return this;
    }

    /** Drops the body, so an idle connection does not keep the last message in memory. */
    void clear() {
        body = null;
    }

    /**
     * Writes the body to the transport's content stream, which buffers (see {@code TrackingTransport.data()}):
     * a body may write in small pieces.
     */
    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        body.writeTo(new NonClosing(os));
        // the content stream holds the last piece back: it goes out with the end-of-data line, in one write
        os.flush();
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        writeTo(os, null);
    }

    /** Keeps a body that closes its stream from closing the connection's data stream. */
    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the transport ends the data itself
        }
    }
}
