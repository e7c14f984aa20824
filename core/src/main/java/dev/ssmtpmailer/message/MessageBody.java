package dev.ssmtpmailer.message;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The bytes of a message (RFC 5322 headers and body) as they go after {@code DATA}. Line ends may be CRLF or
 * LF: the client sends CRLF and dot-stuffs, so an implementation writes the message as it is, and may be
 * asked to write it more than once (a retry on a fresh connection).
 */
@FunctionalInterface
public interface MessageBody {

    /**
     * Writes the whole message.
     *
     * @param out where the message goes; not closed by this method
     * @throws IOException if the message cannot be read or written
     */
    void writeTo(OutputStream out) throws IOException;

    /**
     * @param bytes a complete message
     * @return a body that writes those bytes unchanged (not copied: do not change the array afterwards)
     */
    static MessageBody of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return out -> out.write(bytes);
    }
}
