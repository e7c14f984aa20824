package dev.ssmtpmailer.message;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A message that already exists as bytes (received by the inbound server, read from the spool, piped in by
 * a program) together with its envelope. It is relayed unmodified by {@link #body()}, so DKIM signatures of
 * the original sender stay valid; {@link #bodyWithFrom} is the one exception: an alias sender's {@code From:}
 * rewritten to its canonical address (the display name of a From naming the envelope sender kept), and
 * forwarded mail of accounts with
 * {@code forward_from_rewrite = true}.
 *
 * <p>Where the bytes live: in memory ({@link #of(Envelope, byte[])}, or {@link #read} up to
 * {@value #IN_MEMORY_LIMIT} bytes), or in a file that is streamed on each write and never loaded whole
 * ({@link #of(Envelope, Path)}, or {@link #read} above the limit, spilled to a temporary file), or in a store
 * that opens a stream on each write ({@link #of(Envelope, long, Source)}). Close the message to delete such a
 * temporary file; closing is harmless otherwise.
 */
public final class RawMessage implements AutoCloseable {
    /** {@link #read} keeps messages up to this many bytes (1 MiB) in memory and spills larger ones to a file. */
    public static final int IN_MEMORY_LIMIT = 1 << 20;
    /**
     * The copy buffer of {@link #body()}, one per thread (delivery workers live long): {@code transferTo} allocated
     * 8 KiB for every message sent. 64 KiB, the SMTP client's write buffer: a 100 KB queued message is read from
     * its file in two reads instead of thirteen, and a whole first block goes to the socket without a copy (see
     * {@code DataStream}). It costs 64 KiB of heap per thread that ever wrote a file- or store-backed body (the
     * delivery workers, and an application's own threads that send a message of {@link #of(Envelope, Path)} or
     * a spilled one above {@value #IN_MEMORY_LIMIT} bytes), kept while the thread lives, and as much of the JDK's
     * per-thread native buffer that a file read goes through. A body in memory needs none.
     */
    static final int COPY_BUFFER = 64 * 1024;

    private static final ThreadLocal<byte[]> COPY_BUFFERS = ThreadLocal.withInitial(() -> new byte[COPY_BUFFER]);

    private final Envelope envelope;
    private final Storage storage;

    /** Opens the bytes of a message that lives elsewhere (a queue store), from its first byte, on every write. */
    @FunctionalInterface
    public interface Source {
        /**
         * @return a new stream of the whole message; the caller closes it
         * @throws IOException if the message cannot be read
         */
        InputStream open() throws IOException;
    }

    /** Where the bytes live: one of three places, each of which knows its size and how to open a stream. */
    private sealed interface Storage {
        long size() throws IOException;

        InputStream open() throws IOException;
    }

    /** In memory: read whole, or given by the caller. */
    private record InMemory(byte[] bytes) implements Storage {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String toString() {
            return bytes.length + " bytes in memory";
        }
    }

    /** In a file from {@code offset} to its end; {@code owned} when {@link #read} spilled it and {@link #close()} deletes it. */
    private record InFile(Path file, long offset, boolean owned) implements Storage {
        @Override
        public long size() throws IOException {
            return Files.size(file) - offset;
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = Files.newInputStream(file);
            try {
                in.skipNBytes(offset);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return in;
        }

        @Override
        public String toString() {
            return "file " + file;
        }
    }

    /** In a store that opens a stream on each write. */
    private record InStore(long size, Source source) implements Storage {
        @Override
        public InputStream open() throws IOException {
            return source.open(); // not buffered here: body() copies in blocks, and a store's stream may buffer itself
        }

        @Override
        public String toString() {
            return size + " bytes streamed from its store";
        }
    }

    private RawMessage(Envelope envelope, Storage storage) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.storage = storage;
    }

    /**
     * @param envelope MAIL FROM and RCPT TO
     * @param message the complete message (headers and body); not copied, so do not change it afterwards
     * @return the message
     */
    public static RawMessage of(Envelope envelope, byte[] message) {
        return new RawMessage(envelope, new InMemory(Objects.requireNonNull(message, "message")));
    }

    /**
     * @param envelope MAIL FROM and RCPT TO
     * @param file a file holding the complete message; read (streamed) on every write, never loaded whole,
     *        and never deleted by this class
     * @return the message
     */
    public static RawMessage of(Envelope envelope, Path file) {
        return of(envelope, file, 0);
    }

    /**
     * A message stored after other content in a file (the spool keeps its envelope in front of the message).
     *
     * @param envelope MAIL FROM and RCPT TO
     * @param file a file holding the complete message from {@code offset} to its end; streamed on every write,
     *        never loaded whole, never deleted by this class
     * @param offset where the message starts in the file
     * @return the message
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public static RawMessage of(Envelope envelope, Path file, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return new RawMessage(envelope, new InFile(Objects.requireNonNull(file, "file"), offset, false));
    }

    /**
     * A message read from {@code source} each time it is written (streamed, never loaded whole), such as a
     * message in the spool's store.
     *
     * @param envelope MAIL FROM and RCPT TO
     * @param size the message's size in bytes
     * @param source opens the message
     * @return the message
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static RawMessage of(Envelope envelope, long size, Source source) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        return new RawMessage(envelope, new InStore(size, Objects.requireNonNull(source, "source")));
    }

    /**
     * Reads a message to its end: up to {@value #IN_MEMORY_LIMIT} bytes into memory, a larger one into a
     * temporary file (in {@code java.io.tmpdir}) that {@link #close()} deletes. Enforce a size limit (the
     * global {@code max_message_size}) on {@code in} before calling this, if one applies.
     *
     * @param envelope MAIL FROM and RCPT TO
     * @param in the message; read to its end, not closed
     * @return the message
     * @throws UncheckedIOException if reading or spilling fails (a partly written temporary file is deleted)
     */
    public static RawMessage read(Envelope envelope, InputStream in) {
        Objects.requireNonNull(envelope, "envelope");
        try {
            byte[] head = in.readNBytes(IN_MEMORY_LIMIT + 1);
            if (head.length <= IN_MEMORY_LIMIT) {
                return new RawMessage(envelope, new InMemory(head));
            }
            Path spill = Files.createTempFile("ssmtp-mailer-", ".eml");
            try (OutputStream out = Files.newOutputStream(spill)) {
                out.write(head);
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(spill);
                throw e;
            }
            return new RawMessage(envelope, new InFile(spill, 0, true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read message: " + e.getMessage(), e);
        }
    }

    /** @return MAIL FROM and RCPT TO */
    public Envelope envelope() {
        return envelope;
    }

    /**
     * Returns the same bytes with another envelope (the relay rewrites recipients). The copy shares the
     * storage and does not own a temporary file: keep this message open while the copy is used.
     *
     * @param newEnvelope the envelope to use
     * @return a message with the same bytes
     */
    public RawMessage withEnvelope(Envelope newEnvelope) {
        Storage shared = storage instanceof InFile f && f.owned() ? new InFile(f.file(), f.offset(), false) : storage;
        return new RawMessage(newEnvelope, shared);
    }

    /**
     * @return the size in bytes
     * @throws UncheckedIOException if the file's size cannot be read
     */
    public long size() {
        try {
            return storage.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the bytes are in a file (given, or spilled) rather than in memory */
    public boolean isFileBacked() {
        return storage instanceof InFile;
    }

    /** @return a body that writes the message exactly as it is */
    public MessageBody body() {
        if (storage instanceof InMemory m) {
            return MessageBody.of(m.bytes());
        }
        return out -> {
            try (InputStream in = storage.open()) {
                byte[] buf = COPY_BUFFERS.get();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            }
        };
    }

    /**
     * Same as {@link #bodyWithFrom(EmailAddress, boolean) bodyWithFrom(newFrom, false)}: a From naming this
     * message's envelope sender or {@code newFrom} keeps its display name.
     *
     * @param newFrom the sender to show
     * @return a body with the From field replaced
     */
    public MessageBody bodyWithFrom(EmailAddress newFrom) {
        return bodyWithFrom(newFrom, false);
    }

    /**
     * Returns a body that streams the message while replacing only the {@code From:} field of the top-level
     * header block (its continuation lines included) with {@code newFrom}. Every other header line and
     * every byte after the header block, {@code From:} lines in the body included, is written unchanged. A
     * message without a From field gets one at the end of its header block; of several From fields the first
     * is rewritten and the others are dropped. This breaks DKIM signatures that cover From, which is the point:
     * the message then passes DMARC as the canonical sender or the relay's account.
     *
     * <p>Two uses. Without {@code keepOriginalInReplyTo} (a sender shown under another of its addresses, an
     * alias replaced by its canonical address, which is what {@code Relay.send}, {@code Relay.submit} and the
     * spool do), the display name follows the sender: when the field is exactly one mailbox naming this
     * message's {@linkplain Envelope#sender() envelope sender} or {@code newFrom}, only the address's bytes are
     * replaced and the phrase, comments, white space and folds keep theirs (quoted strings, RFC 2047 encoded
     * words), so {@code From: "ACME Sales" <contact-sales@mailer.domain1.com>} becomes
     * {@code From: "ACME Sales" <contact-sales@domain1.com>}. The output therefore depends on the envelope: a
     * caller that puts an unrelated address in From of a message whose From names its envelope sender gets that
     * sender's name beside the new address ({@code From: Jane <bob@example.org>}); to show {@code newFrom}
     * without a name, give the message another envelope first ({@link #withEnvelope}, a {@code null} sender
     * will do) or use {@code keepOriginalInReplyTo}. Any other field (another address, several addresses, a
     * group, an unclosed quote, a control character, a line end that is not folding, or a line that the new
     * address would take past RFC 5322's 998 characters) becomes {@code From: newFrom}. With {@code keepOriginalInReplyTo} (forwarded mail of an account with
     * {@code forward_from_rewrite = true}) the field is always {@code From: newFrom}: the original sender's
     * name and address go to {@code Reply-To}, never beside the account's address.
     *
     * @param newFrom the sender to show
     * @param keepOriginalInReplyTo whether to add {@code Reply-To:} carrying the original From value, when the
     *        sender changes and the message has no Reply-To yet (so replies still reach the original sender);
     *        the new From then never keeps a display name
     * @return a body that rewrites on each write; writing fails with an {@link IOException} if a header line is
     *         longer than 1 MiB
     */
    public MessageBody bodyWithFrom(EmailAddress newFrom, boolean keepOriginalInReplyTo) {
        Objects.requireNonNull(newFrom, "newFrom");
        EmailAddress oldFrom = envelope.sender();
        return out -> {
            try (InputStream in = new BufferedInputStream(storage.open())) { // the rewriter reads a byte at a time
                if (keepOriginalInReplyTo) {
                    FromHeaderRewriter.copy(in, out, newFrom, true);
                } else {
                    FromHeaderRewriter.copyKeepingName(in, out, oldFrom, newFrom);
                }
            }
        };
    }

    /**
     * Deletes the temporary file that {@link #read} spilled to; does nothing for other messages.
     *
     * @throws UncheckedIOException if the file exists and cannot be deleted
     */
    @Override
    public void close() {
        if (storage instanceof InFile f && f.owned()) {
            try {
                Files.deleteIfExists(f.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + f.file(), e);
            }
        }
    }

    /** @return the envelope and size; never the content */
    @Override
    public String toString() {
        return "RawMessage[envelope=" + envelope + ", " + storage + "]";
    }
}
