package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** The bytes of a message to store, written once into the store's stream by {@link QueueStore#accept}. */
@FunctionalInterface
public interface MessageContent {

    /**
     * @param out the store's stream; not closed by this method
     * @throws IOException if the bytes cannot be read (the accept then fails and stores nothing) or written
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * @param in the message, read to its end (not closed)
     * @return content that copies {@code in}
     */
    static MessageContent of(InputStream in) {
        return new StreamedContent(Objects.requireNonNull(in, "in"));
    }

    /**
     * @param bytes the message (not copied)
     * @return content that writes those bytes
     */
    static MessageContent of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return out -> out.write(bytes);
    }
}
