package dev.ssmtpmailer.server;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.UserFromPolicy;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.RawMessage;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The data of a message that a trusted client submits as a {@code [user:...]} sender, on its way to the queue:
 * its {@code From:} must name that sender. The header block is read first (at most {@link #MAX_HEADER} bytes);
 * when its one {@code From:} field holds exactly the envelope sender, the bytes pass unchanged; otherwise, by
 * {@link UserFromPolicy}, the field is replaced by the sender, or the read fails with {@link NotAllowed} so
 * that the queue discards what it wrote and the client hears {@code 550 5.7.1}.
 *
 * <p>Why: a mapped alias's {@code From:} is rewritten on delivery, but a user sends as itself, so a trusted
 * client could otherwise have sent {@code From: Spoofed CEO <ceo@domain1.com>} through the user's account.
 */
final class SubmittedFrom extends InputStream {
    /** A header block longer than this is not inspected further: the From field must come within it. */
    static final int MAX_HEADER = 256 * 1024;

    /** The {@code From:} of the message is not an address its sender may use. */
    static final class NotAllowed extends IOException {
        private static final long serialVersionUID = 1L;

        NotAllowed(String reason) {
            super(reason);
        }
    }

    private final InputStream in;
    private final EmailAddress sender;
    private final UserFromPolicy policy;
    private InputStream out;
    private String refusal;

    SubmittedFrom(InputStream in, EmailAddress sender, UserFromPolicy policy) {
        this.in = in;
        this.sender = sender;
        this.policy = policy;
    }

    @Override
    public int read() throws IOException {
        return stream().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return stream().read(b, off, len);
    }

    /** @return why the message was refused, or {@code null} */
    String refusal() {
        return refusal;
    }

    private InputStream stream() throws IOException {
        if (out == null) {
            ByteArrayOutputStream read = new ByteArrayOutputStream(4096);
            int end = readHeaderBlock(read);
            byte[] all = read.toByteArray();
            byte[] head = Arrays.copyOf(all, end);
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(all, end, all.length - end), in);
            String problem = problem(head);
            if (problem == null) {
                out = new SequenceInputStream(new ByteArrayInputStream(head), rest);
            } else if (policy == UserFromPolicy.REFUSE) {
                refusal = problem;
                throw new NotAllowed(problem);
            } else {
                ByteArrayOutputStream rewritten = new ByteArrayOutputStream(head.length + 64);
                RawMessage.of(Envelope.of(sender, sender), head).bodyWithFrom(sender, false).writeTo(rewritten);
                out = new SequenceInputStream(new ByteArrayInputStream(rewritten.toByteArray()), rest);
            }
        }
        return out;
    }

    /**
     * Reads blocks until the empty line that ends the header block, the end of the data, or {@link #MAX_HEADER}.
     *
     * @return the length of the header block, its empty line included, within what was read
     */
    private int readHeaderBlock(ByteArrayOutputStream read) throws IOException {
        byte[] buf = new byte[4096];
        int scanned = 0;
        int lineLength = 0;
        int prev = -1;
        while (read.size() < MAX_HEADER) {
            int n = in.read(buf);
            if (n < 0) {
                return read.size();
            }
            read.write(buf, 0, n);
            for (int i = 0; i < n; i++, scanned++) {
                int c = buf[i];
                if (c == '\n') {
                    if (lineLength == 0 || lineLength == 1 && prev == '\r') {
                        return scanned + 1;
                    }
                    lineLength = 0;
                } else {
                    lineLength++;
                }
                prev = c;
            }
        }
        return read.size();
    }

    /** @return why the header block's From does not name the sender, or {@code null} when it does */
    private String problem(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String from = null;
        int fields = 0;
        for (String field : text.split("\r?\n(?![ \t])")) {
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("from")) {
                fields++;
                from = field.substring(colon + 1).replaceAll("\r?\n", "").strip();
            }
        }
        if (fields != 1) {
            return fields == 0 ? "the message has no From: header" : "the message has " + fields + " From: headers";
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from, false);
            if (addresses.length == 1 && sender.equals(EmailAddress.parse(addresses[0].getAddress()))) {
                return null;
            }
        } catch (AddressException | InvalidAddressException e) {
            // a From that does not parse is not the sender either
        }
        return "From: is not " + sender + ", the address this sender may use";
    }
}
