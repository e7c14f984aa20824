package dev.ssmtpmailer.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.ssmtpmailer.address.EmailAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawMessageTest {
    private static final Envelope ENVELOPE = Envelope.of(EmailAddress.parse("mail-relay@domain1.com"),
            EmailAddress.parse("contact-sales@domain1.com"));
    private static final EmailAddress ACCOUNT = EmailAddress.parse("mail-relay@domain1.com");

    private static String write(MessageBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String rewrite(String message, boolean replyTo) throws IOException {
        return write(RawMessage.of(ENVELOPE, message.getBytes(StandardCharsets.ISO_8859_1)).bodyWithFrom(ACCOUNT, replyTo));
    }

    @Test
    void body_writesBytesUnchanged() throws IOException {
        String m = "From: a@x.com\nSubject: s\n\nbody\n";

        assertThat(write(RawMessage.of(ENVELOPE, m.getBytes(StandardCharsets.ISO_8859_1)).body())).isEqualTo(m);
    }

    @Test
    void ofSource_opensTheSourceOnEveryWrite_andRewritesFromWhileStreaming() throws IOException {
        byte[] m = "From: jane@example.org\r\nSubject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        int[] opened = new int[1];
        RawMessage raw = RawMessage.of(ENVELOPE, m.length, () -> {
            opened[0]++;
            return new ByteArrayInputStream(m);
        });

        assertThat(write(raw.body())).isEqualTo(new String(m, StandardCharsets.US_ASCII));
        assertThat(write(raw.body())).isEqualTo(new String(m, StandardCharsets.US_ASCII));
        assertThat(write(raw.bodyWithFrom(ACCOUNT))).isEqualTo("From: mail-relay@domain1.com\r\nSubject: s\r\n\r\nbody\r\n");
        assertThat(opened[0]).isEqualTo(3);
        assertThat(raw.size()).isEqualTo(m.length);
        assertThat(raw.withEnvelope(ENVELOPE).size()).isEqualTo(m.length);
        assertThatThrownBy(() -> RawMessage.of(ENVELOPE, -1, () -> new ByteArrayInputStream(m)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The header rewriting of {@link RawMessage#bodyWithFrom}: each case is a message, whether the original sender
     * goes to {@code Reply-To}, and the exact bytes that must come out.
     */
    static Stream<Arguments> fromRewrites() {
        return Stream.of(
                argumentSet("simple CRLF: only From is replaced",
                        "Received: by x\r\nFrom: Jane <jane@example.org>\r\nTo: contact-sales@mailer.domain1.com\r\n\r\nHi\r\n", false,
                        "Received: by x\r\nFrom: mail-relay@domain1.com\r\nTo: contact-sales@mailer.domain1.com\r\n\r\nHi\r\n"),
                argumentSet("folded From: its continuation lines are dropped",
                        "From: \"Jane\r\n Doe\" <jane@example.org>,\r\n\tbob@example.org\r\nSubject: s\r\n\r\nb\r\n", false,
                        "From: mail-relay@domain1.com\r\nSubject: s\r\n\r\nb\r\n"),
                argumentSet("lower-case field name is recognised",
                        "from: jane@example.org\nSubject: s\n\nb\n", false, "From: mail-relay@domain1.com\nSubject: s\n\nb\n"),
                argumentSet("space before the colon is recognised",
                        "FROM : jane@example.org\n\nb\n", false, "From: mail-relay@domain1.com\n\nb\n"),
                argumentSet("LF only: LF line ends are kept",
                        "Subject: s\nFrom: jane@example.org\n\nline\n", true,
                        "Subject: s\nFrom: mail-relay@domain1.com\nReply-To: jane@example.org\n\nline\n"),
                argumentSet("From lines in the body stay",
                        "From: jane@example.org\r\n\r\nFrom: someone@else.org\r\nFrom the desk of Jane\r\n", false,
                        "From: mail-relay@domain1.com\r\n\r\nFrom: someone@else.org\r\nFrom the desk of Jane\r\n"),
                argumentSet("no separator at all: the headers are rewritten",
                        "Subject: s\r\nFrom: jane@example.org\r\n", true,
                        "Subject: s\r\nFrom: mail-relay@domain1.com\r\nReply-To: jane@example.org\r\n"),
                // An unterminated last header line is terminated, as the SMTP client would do before "." anyway.
                argumentSet("unterminated last header line: terminated",
                        "From: jane@example.org", false, "From: mail-relay@domain1.com\r\n"),
                argumentSet("unterminated last header line, Reply-To added: terminated",
                        "Subject: s\r\nFrom: jane@example.org", true,
                        "Subject: s\r\nFrom: mail-relay@domain1.com\r\nReply-To: jane@example.org\r\n"),
                argumentSet("body starting without an empty line: the body is untouched",
                        "From: jane@example.org\nthis line is body text: not a header\nFrom: x@y.org\n", false,
                        "From: mail-relay@domain1.com\nthis line is body text: not a header\nFrom: x@y.org\n"),
                argumentSet("Reply-To is added with the original folded value",
                        "From: \"Jane Doe\"\r\n <jane@example.org>\r\nSubject: s\r\n\r\nb", true,
                        "From: mail-relay@domain1.com\r\nSubject: s\r\nReply-To: \"Jane Doe\"\r\n <jane@example.org>\r\n\r\nb"),
                argumentSet("an existing Reply-To is kept and no second one added",
                        "From: jane@example.org\r\nreply-to: desk@example.org\r\n\r\nb", true,
                        "From: mail-relay@domain1.com\r\nreply-to: desk@example.org\r\n\r\nb"),
                argumentSet("the account itself as sender: no Reply-To",
                        "From: Relay <MAIL-RELAY@domain1.com>\r\n\r\nb", true, "From: mail-relay@domain1.com\r\n\r\nb"),
                argumentSet("other From-like fields stay",
                        "Resent-From: r@x.org\r\nX-Original-From: o@x.org\r\nFrom: jane@example.org\r\n\r\nb", false,
                        "Resent-From: r@x.org\r\nX-Original-From: o@x.org\r\nFrom: mail-relay@domain1.com\r\n\r\nb"),
                argumentSet("duplicate From fields: the second is dropped",
                        "From: a@x.org\r\nFrom: b@x.org\r\n folded\r\nTo: t@x.org\r\n\r\nb", false,
                        "From: mail-relay@domain1.com\r\nTo: t@x.org\r\n\r\nb"),
                argumentSet("no From field: one is added at the end of the headers",
                        "Subject: s\r\n\r\nb", true, "Subject: s\r\nFrom: mail-relay@domain1.com\r\n\r\nb"));
    }

    @ParameterizedTest
    @MethodSource("fromRewrites")
    void bodyWithFrom_rewritesTheHeadersOnly(String message, boolean replyTo, String expected) throws IOException {
        assertThat(rewrite(message, replyTo)).isEqualTo(expected);
    }

    private static final EmailAddress ALIAS = EmailAddress.parse("contact-sales@mailer.domain1.com");
    private static final EmailAddress CANONICAL = EmailAddress.parse("contact-sales@domain1.com");

    /**
     * An alias's From rewritten to its canonical address (the envelope sender is the alias): each case is the
     * original From field and the exact field that must come out, the display name kept byte for byte or, where
     * it cannot be kept safely, dropped.
     */
    /** 47 encoded words, 982 characters: with {@code From: } a line of 988, legal on its own (998 at most). */
    private static final String LONG_NAME = "=?UTF-8?B?QUNNRQ==?= ".repeat(46).strip() + " =?UTF-8?B?QQ==?=";

    static Stream<Arguments> aliasRewrites() {
        return Stream.of(
                argumentSet("quoted display name kept (Spring's setFrom(alias, \"ACME Sales\"))",
                        "From: \"ACME Sales\" <contact-sales@mailer.domain1.com>\r\n",
                        "From: \"ACME Sales\" <contact-sales@domain1.com>\r\n"),
                argumentSet("RFC 2047 encoded word kept as it was",
                        "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <contact-sales@mailer.domain1.com>\r\n",
                        "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <contact-sales@domain1.com>\r\n"),
                argumentSet("atoms and a dot, the alias in another case",
                        "From: J. Doe <Contact-Sales@MAILER.domain1.com>\r\n", "From: J. Doe <contact-sales@domain1.com>\r\n"),
                argumentSet("8-bit UTF-8 name (RFC 6532) kept as bytes",
                        "From: J\u00c3\u00bcrgen <contact-sales@mailer.domain1.com>\r\n", "From: J\u00c3\u00bcrgen <contact-sales@domain1.com>\r\n"),
                argumentSet("folded name: every fold stays, the one before < included",
                        "From: \"ACME\r\n Sales\"\r\n <contact-sales@mailer.domain1.com>\r\n",
                        "From: \"ACME\r\n Sales\"\r\n <contact-sales@domain1.com>\r\n"),
                argumentSet("a 990-character line of encoded words, then <alias> folded: no line is joined",
                        "From: " + LONG_NAME + "\r\n <contact-sales@mailer.domain1.com>\r\n",
                        "From: " + LONG_NAME + "\r\n <contact-sales@domain1.com>\r\n"),
                argumentSet("a long comment folded after the address: the fold stays",
                        "From: contact-sales@mailer.domain1.com\r\n\t(" + LONG_NAME + ")\r\n",
                        "From: contact-sales@domain1.com\r\n\t(" + LONG_NAME + ")\r\n"),
                argumentSet("white space after From: and around < kept as written",
                        "From:\tACME  <contact-sales@mailer.domain1.com>  (desk)\r\n",
                        "From:\tACME  <contact-sales@domain1.com>  (desk)\r\n"),
                argumentSet("escaped quotes, backslashes, and <, > and , inside the quotes",
                        "From: \"A \\\"B\\\" \\\\ <x@y>, z\" <contact-sales@mailer.domain1.com>\r\n",
                        "From: \"A \\\"B\\\" \\\\ <x@y>, z\" <contact-sales@domain1.com>\r\n"),
                argumentSet("comments in and after the name-addr kept",
                        "From: ACME (Sales (EU)) <contact-sales@mailer.domain1.com> (desk)\r\n",
                        "From: ACME (Sales (EU)) <contact-sales@domain1.com> (desk)\r\n"),
                argumentSet("old style: the name in a comment after the address",
                        "From: contact-sales@mailer.domain1.com (ACME Sales)\r\n", "From: contact-sales@domain1.com (ACME Sales)\r\n"),
                argumentSet("already the canonical address: the name stays",
                        "From: Sales <contact-sales@domain1.com>\r\n", "From: Sales <contact-sales@domain1.com>\r\n"),
                argumentSet("angle brackets without a name: the bare address",
                        "From: <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("another address: its name is not lent to the canonical sender",
                        "From: \"CEO\" <ceo@example.org>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("several addresses: the bare address",
                        "From: \"ACME\" <contact-sales@mailer.domain1.com>, bob@example.org\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a group: the bare address",
                        "From: Sales: contact-sales@mailer.domain1.com;\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("unclosed quote: the bare address",
                        "From: \"ACME <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("unclosed comment: the bare address",
                        "From: ACME (Sales <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a bare CR in the name (header injection): the bare address",
                        "From: ACME\rBcc: victim@example.org <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a NUL in the quoted name: the bare address",
                        "From: \"ACME\u0000\" <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a backslash quoting the line end: the bare address",
                        "From: \"ACME\\\r\n Sales\" <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a folded line of white space only: the bare address",
                        "From: \"ACME\r\n \r\n Sales\" <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("an unquoted @ in the name: the bare address",
                        "From: sales@mailer <contact-sales@mailer.domain1.com>\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("white space inside the angle brackets: the bare address",
                        "From: ACME < contact-sales@mailer.domain1.com >\r\n", "From: contact-sales@domain1.com\r\n"),
                argumentSet("a line that is not a continuation ends the field: the name is cut, so not kept",
                        "From: \"ACME\r\nBcc: victim@example.org\r\n <contact-sales@mailer.domain1.com>\"\r\n",
                        "From: contact-sales@domain1.com\r\nBcc: victim@example.org\r\n <contact-sales@mailer.domain1.com>\"\r\n"),
                argumentSet("unterminated last line: kept and terminated",
                        "From: Sales <contact-sales@mailer.domain1.com>", "From: Sales <contact-sales@domain1.com>\r\n"));
    }

    @ParameterizedTest
    @MethodSource("aliasRewrites")
    void bodyWithFrom_alias_keepsTheDisplayNameOnlyWhereSafe(String from, String expected) throws IOException {
        String rest = from.endsWith("\n") ? "Subject: s\r\n\r\nbody\r\n" : "";
        String message = "Received: by x\r\n" + from + rest;
        RawMessage raw = RawMessage.of(Envelope.of(ALIAS, EmailAddress.parse("x@example.com")),
                message.getBytes(StandardCharsets.ISO_8859_1));

        String out = write(raw.bodyWithFrom(CANONICAL));
        assertThat(out).isEqualTo("Received: by x\r\n" + expected + rest);
        if (longestLine(message) <= 998) {
            assertThat(longestLine(out)).as("longest line").isLessThanOrEqualTo(998); // RFC 5322 2.1.1
        }
    }

    /** @return the length of the longest line, its line end not counted */
    static int longestLine(String text) {
        return Arrays.stream(text.split("\r?\n", -1)).mapToInt(String::length).max().orElse(0);
    }

    @Test
    void bodyWithFrom_twoFromFields_theFirstKeepsItsNameTheSecondIsDropped() throws IOException {
        RawMessage raw = RawMessage.of(Envelope.of(ALIAS, EmailAddress.parse("x@example.com")),
                "From: Sales\r\n <contact-sales@mailer.domain1.com>\r\nFrom: Other <contact-sales@mailer.domain1.com>\r\n\r\nb"
                        .getBytes(StandardCharsets.US_ASCII));

        assertThat(write(raw.bodyWithFrom(CANONICAL))).isEqualTo("From: Sales\r\n <contact-sales@domain1.com>\r\n\r\nb");
    }

    /**
     * The rule for a library caller: the name stays when the From field names the message's envelope sender (the
     * sender shown under its new address) or the new address; a From naming anyone else lends no name.
     */
    @Test
    void bodyWithFrom_nameFollowsTheEnvelopeSender_notAnyOtherAddress() throws IOException {
        byte[] message = "From: Jane <jane@example.org>\r\n\r\nb".getBytes(StandardCharsets.US_ASCII);
        EmailAddress bob = EmailAddress.parse("bob@example.org");
        EmailAddress to = EmailAddress.parse("x@example.com");

        assertThat(write(RawMessage.of(Envelope.of(EmailAddress.parse("jane@example.org"), to), message).bodyWithFrom(bob)))
                .isEqualTo("From: Jane <bob@example.org>\r\n\r\nb");
        assertThat(write(RawMessage.of(Envelope.of(EmailAddress.parse("other@example.org"), to), message).bodyWithFrom(bob)))
                .isEqualTo("From: bob@example.org\r\n\r\nb");
        assertThat(write(RawMessage.of(new Envelope(null, List.of(to)), message).bodyWithFrom(bob)))
                .isEqualTo("From: bob@example.org\r\n\r\nb");
    }

    @Test
    void bodyWithFrom_keepingOriginalInReplyTo_neverKeepsTheName() throws IOException {
        RawMessage raw = RawMessage.of(Envelope.of(ALIAS, EmailAddress.parse("x@example.com")),
                "From: Sales <contact-sales@mailer.domain1.com>\r\n\r\nb".getBytes(StandardCharsets.US_ASCII));

        assertThat(write(raw.bodyWithFrom(CANONICAL, true)))
                .isEqualTo("From: contact-sales@domain1.com\r\nReply-To: Sales <contact-sales@mailer.domain1.com>\r\n\r\nb");
    }

    @Test
    void bodyWithFrom_bodyBytesAreBinarySafe() throws IOException {
        byte[] head = "From: a@x.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] message = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawMessage.of(ENVELOPE, message).bodyWithFrom(ACCOUNT).writeTo(out);

        byte[] result = out.toByteArray();
        assertThat(Arrays.copyOfRange(result, result.length - 256, result.length)).isEqualTo(body);
    }

    @Test
    void bodyWithFrom_absurdHeaderLine_failsInsteadOfBuffering() {
        byte[] message = new byte[FromHeaderRewriter.MAX_HEADER_LINE + 10];
        Arrays.fill(message, (byte) 'a');
        message[0] = 'X';
        message[1] = ':';

        assertThatThrownBy(() -> RawMessage.of(ENVELOPE, message).bodyWithFrom(ACCOUNT).writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("header line longer");
    }

    @Test
    void ofPath_streamsFileOnEachWrite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.eml");
        Files.writeString(file, "From: jane@example.org\r\n\r\nbody\r\n");
        RawMessage m = RawMessage.of(ENVELOPE, file);

        assertThat(m.isFileBacked()).isTrue();
        assertThat(write(m.body())).isEqualTo("From: jane@example.org\r\n\r\nbody\r\n");
        assertThat(write(m.bodyWithFrom(ACCOUNT))).isEqualTo("From: mail-relay@domain1.com\r\n\r\nbody\r\n");
        assertThat(write(m.body())).isEqualTo("From: jane@example.org\r\n\r\nbody\r\n");
        m.close();
        assertThat(file).exists();
    }

    /** The copy block is 64 KiB: a message of one block, one byte either side of it, and two, arrive whole. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 65535, 65536, 65537, 131072, 131073})
    void ofPathWithOffset_sizesAroundTheCopyBlock_writtenWhole(int size, @TempDir Path dir) throws IOException {
        byte[] m = new byte[size];
        for (int i = 0; i < size; i++) {
            m[i] = (byte) (i * 31 + i / 7);
        }
        Path file = dir.resolve("m.msg");
        byte[] envelope = "envelope\nend\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, envelope);
        Files.write(file, m, java.nio.file.StandardOpenOption.APPEND);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RawMessage.of(ENVELOPE, file, envelope.length).body().writeTo(out);

        assertThat(out.toByteArray()).isEqualTo(m);
    }

    @Test
    void ofPathWithOffset_messageAfterOffsetOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.msg");
        Files.writeString(file, "envelope\nend\nFrom: jane@example.org\r\n\r\nbody\r\n");
        RawMessage m = RawMessage.of(ENVELOPE, file, "envelope\nend\n".length());

        assertThat(m.size()).isEqualTo("From: jane@example.org\r\n\r\nbody\r\n".length());
        assertThat(write(m.body())).isEqualTo("From: jane@example.org\r\n\r\nbody\r\n");
        assertThat(write(m.bodyWithFrom(ACCOUNT))).isEqualTo("From: mail-relay@domain1.com\r\n\r\nbody\r\n");
        assertThat(write(m.withEnvelope(ENVELOPE).body())).isEqualTo("From: jane@example.org\r\n\r\nbody\r\n");
    }

    @Test
    void ofPathWithOffset_negative_refused(@TempDir Path dir) {
        assertThatThrownBy(() -> RawMessage.of(ENVELOPE, dir.resolve("m"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void read_small_staysInMemory() {
        try (RawMessage m = RawMessage.read(ENVELOPE, new ByteArrayInputStream("a: b\r\n\r\nc".getBytes(StandardCharsets.US_ASCII)))) {
            assertThat(m.isFileBacked()).isFalse();
            assertThat(m.size()).isEqualTo(9);
        }
    }

    @Test
    void read_aboveLimit_spillsToTempFileDeletedOnClose() throws IOException {
        byte[] big = new byte[RawMessage.IN_MEMORY_LIMIT + 5];
        Arrays.fill(big, (byte) 'x');
        RawMessage m = RawMessage.read(ENVELOPE, new ByteArrayInputStream(big));
        String text = m.toString();
        Path spilled = Path.of(text.substring(text.indexOf("file ") + 5, text.length() - 1));

        assertThat(m.isFileBacked()).isTrue();
        assertThat(m.size()).isEqualTo(big.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.body().writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(big);
        assertThat(spilled).exists();
        m.close();
        assertThat(spilled).doesNotExist();
    }

    @Test
    void read_failingStream_leavesNoTempFile() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > RawMessage.IN_MEMORY_LIMIT + 100) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> RawMessage.read(ENVELOPE, failing)).hasMessageContaining("connection reset");
    }
}
