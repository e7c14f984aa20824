package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Content read from a stream ({@link MessageContent#of(InputStream)}): the file store reads it straight into its
 * own buffer ({@link SpoolAccept}), without {@code transferTo}'s buffer and copy; other stores get it written.
 */
record StreamedContent(InputStream in) implements MessageContent {
    @Override
    public void writeTo(OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
