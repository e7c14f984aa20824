package dev.ssmtpmailer.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * BDAT (RFC 3030 CHUNKING) in place of SubEthaSMTP's, which answered a refused {@code BDAT} (no MAIL, no
 * accepted RCPT, a lower-case {@code last}) without reading its chunk: the chunk's bytes then ran as commands,
 * so a chunk holding {@code MAIL}/{@code RCPT}/{@code DATA} was relayed with the client's trust (SMTP
 * smuggling). Here:
 * <ul>
 *   <li>every chunk is read, exactly its declared size, before its reply, refused or not; a size that is not a
 *       number leaves the chunk's end unknown, so it gets {@code 501 5.5.4} and the connection is closed;</li>
 *   <li>{@code LAST} in any case; the replies carry enhanced status codes;</li>
 *   <li>the chunks of one message are one stream into the queue, as {@code DATA}'s data is, under the same
 *       limits: {@code max_message_size} (the rest is read to {@code LAST} and answered {@code 552}), the idle
 *       timeout of every read, the session time, and the command limit (each chunk's reply counts);</li>
 *   <li>between chunks {@code RSET} (RFC 3030 section 4.1: clears the chunks), {@code NOOP} and {@code QUIT}
 *       are answered; any other command gets {@code 503 5.5.1} and ends the transaction, its chunks dropped; a
 *       command is known by its first four characters, as SubEthaSMTP knows it.</li>
 * </ul>
 */
final class BdatCommand extends BaseCommand {
    /** The longest command line between chunks (RFC 5321 section 4.5.3.1.4). */
    static final int MAX_LINE = 512;
    static final String SYNTAX = "501 5.5.4 Syntax: BDAT size [LAST]";

    BdatCommand() {
        super("BDAT", "The next <size> octets are a chunk of the message; LAST ends it.", "<size> [LAST]");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        Chunk chunk = Chunk.parse(commandString);
        String refusal = !sess.isMailTransactionInProgress() ? "503 5.5.1 Error: need MAIL command"
                : sess.getRecipientCount() == 0 ? "503 5.5.1 Error: need RCPT command"
                : chunk.valid() ? null : SYNTAX;
        if (refusal != null) {
            sess.getRawInput().skipNBytes(chunk.size());
            sess.sendResponse(refusal);
            return;
        }
        Chunks data = new Chunks(sess, chunk);
        try {
            DataCommand.receive(sess, data);
        } catch (Interrupted e) {
            sess.resetMailTransaction(); // the chunks received so far are dropped: the queue discarded them
            sess.sendResponse(e.reply);
            if (e.quit) {
                sess.quit();
            }
        }
    }

    /**
     * One {@code BDAT} command line.
     *
     * @param size the chunk's size in bytes
     * @param last whether it ends the message
     * @param valid whether the line is {@code BDAT size} or {@code BDAT size LAST}; when not, the chunk is read
     *        and refused
     */
    record Chunk(long size, boolean last, boolean valid) {
        /**
         * @throws DropConnectionException {@code 501}, closing, when the size is not a number: where the chunk
         *         ends, and the next command starts, is unknown
         */
        static Chunk parse(String line) throws DropConnectionException {
            String[] args = line.strip().split(" +");
            long size = args.length < 2 ? -1 : size(args[1]);
            if (size < 0) {
                throw new DropConnectionException(501, "5.5.4 Syntax: BDAT size [LAST]; closing connection");
            }
            boolean last = args.length == 3 && args[2].equalsIgnoreCase("LAST");
            return new Chunk(size, last, args.length == 2 || last);
        }

        /** @return the size, or -1 if it is not 1 to 18 digits */
        private static long size(String s) {
            if (s.isEmpty() || s.length() > 18) {
                return -1;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return -1;
                }
            }
            return Long.parseLong(s);
        }
    }

    /**
     * A command between chunks that ends the message: the queue sees a failed read (and discards what it wrote),
     * then the command is answered.
     */
    static final class Interrupted extends IOException {
        private static final long serialVersionUID = 1L;
        final String reply;
        final boolean quit;

        Interrupted(String reply, boolean quit) {
            super("BDAT chunks interrupted: " + reply);
            this.reply = reply;
            this.quit = quit;
        }
    }

    /** The data of one message: its chunks, one after the other, each answered once the queue has read it. */
    static final class Chunks extends InputStream {
        /** Where the chunks and the commands between them are read: {@link Session#getRawInput()}. */
        private final Session sess;
        private Chunk chunk;
        /** Bytes of {@link #chunk} not yet read. */
        private long left;

        /** @param first the chunk of the {@code BDAT} that starts the message */
        Chunks(Session sess, Chunk first) {
            this.sess = sess;
            this.chunk = first;
            this.left = first.size();
        }

        @Override
        public int read() throws IOException {
            if (!more()) {
                return -1;
            }
            int c = sess.getRawInput().read();
            if (c < 0) {
                throw new SocketException("the client closed the connection in a BDAT chunk");
            }
            left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!more()) {
                return -1;
            }
            int n = sess.getRawInput().read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new SocketException("the client closed the connection in a BDAT chunk");
            }
            left -= n;
            return n;
        }

        /** @return whether the message has more bytes: the current chunk's, or a next chunk's once it has come */
        private boolean more() throws IOException {
            while (left == 0) {
                if (chunk.last()) {
                    return false;
                }
                next();
            }
            return true;
        }

        /** Answers the chunk just read and reads commands up to the next chunk. */
        private void next() throws IOException {
            sess.sendResponse("250 2.0.0 Ok: " + chunk.size() + " octets received");
            // That reply may have crossed a limit and ended the connection with 421, but pipelined bytes are
            // still buffered: read on, and a LAST chunk among them would be queued for a client that retries.
            ClientConnection c = SessionLimits.connection(sess);
            if (c != null && c.ended()) {
                throw new SocketException("connection ended: " + c.endReason());
            }
            while (true) {
                String line = line();
                // SubEthaSMTP picks a command by its first four characters (CommandHandler.toKey): so does this,
                // or a line it would take for BDAT ("BDAT\t5", "BDATX 5") would leave its chunk to run as commands
                String verb = line.length() < 4 ? "" : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "BDAT" -> {
                        Chunk following;
                        try {
                            following = Chunk.parse(line);
                        } catch (DropConnectionException e) {
                            throw new Interrupted(e.getErrorResponse(), true);
                        }
                        if (!following.valid()) {
                            sess.getRawInput().skipNBytes(following.size());
                            throw new Interrupted(SYNTAX, false);
                        }
                        chunk = following;
                        left = following.size();
                        return;
                    }
                    case "NOOP" -> sess.sendResponse("250 2.0.0 Ok");
                    case "RSET" -> throw new Interrupted("250 2.0.0 Ok", false);
                    case "QUIT" -> throw new Interrupted("221 2.0.0 Bye", true);
                    default -> throw new Interrupted("503 5.5.1 Error: only BDAT, RSET, NOOP or QUIT may follow a BDAT chunk"
                            + " that is not the last; the transaction is ended", false);
                }
            }
        }

        /** @return the next command line, without its line break */
        private String line() throws IOException {
            byte[] b = new byte[MAX_LINE];
            int n = 0;
            while (true) {
                int c = sess.getRawInput().read();
                if (c < 0) {
                    throw new SocketException("the client closed the connection between BDAT chunks");
                }
                if (c == '\n') {
                    return new String(b, 0, n > 0 && b[n - 1] == '\r' ? n - 1 : n, StandardCharsets.ISO_8859_1);
                }
                if (n == MAX_LINE) {
                    throw new Interrupted("500 5.5.2 Error: command line too long; closing connection", true);
                }
                b[n++] = (byte) c;
            }
        }
    }
}
