package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.address.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryFormatTest {
    private static final EmailAddress A = EmailAddress.parse("contact-sales@mailer.domain1.com");
    private static final EmailAddress B = EmailAddress.parse("contact-sales@domain1.com");

    private static QueueEntry sample(String reply, String dead) {
        return new QueueEntry(new QueueId("ABC-123"), Instant.parse("2026-11-27T10:00:00Z"), null, 42,
                Instant.parse("2026-11-27T10:05:00.123Z"), true,
                List.of(new QueueRecipient(A, B, "mail relay@domain1.com", true, null, RecipientState.PENDING, 2, reply),
                        new QueueRecipient(B, B, "acc", false, null, RecipientState.DELIVERED, 1, "250 ok")),
                dead);
    }

    @Test
    void decode_encoded_sameEntry() {
        QueueEntry e = sample("450 4.7.1 <x>: try = later % 100+ (RCPT)", null);

        assertThat(EntryFormat.decode(new String(EntryFormat.encode(e), StandardCharsets.UTF_8))).isEqualTo(e);
    }

    @Test
    void decode_deadWithNullSenderAndUnicodeReason_sameEntry() {
        QueueEntry e = sample("", "purged by opérateur");

        QueueEntry back = EntryFormat.decode(new String(EntryFormat.encode(e), StandardCharsets.UTF_8));

        assertThat(back).isEqualTo(e);
        assertThat(back.sender()).isNull();
        assertThat(back.recipients().get(1).mailFrom()).isNull();
    }

    @Test
    void encode_replyWithLineBreak_keptOnOneLine() {
        String text = new String(EntryFormat.encode(sample("a\r\nb", null)), StandardCharsets.UTF_8);

        assertThat(text.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\r"));
        assertThat(EntryFormat.decode(text).recipients().get(0).lastReply()).isEqualTo("a  b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "ssmtp-mailer-spool 1\nid X\n", "ssmtp-mailer-spool 1\nend\n",
            "ssmtp-mailer-spool 1\nid X\ncreated 2026-11-27T10:00:00Z\nsender <>\nsize 1\nnext 2026-11-27T10:00:00Z\n"
                    + "rcpt F PENDING x =a a@b.c a@b.c - =\nend\n"})
    void decode_damaged_refusedWithReason(String content) {
        assertThatThrownBy(() -> EntryFormat.decode(content)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".+");
    }

    @Test
    void readHeader_headerThenData_entryAndDataOffset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        QueueEntry e = sample("", null);
        byte[] header = EntryFormat.encodeHeader(e);
        java.nio.file.Path file = dir.resolve("ABC-123.msg");
        byte[] data = "Subject: x\r\n\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.writeBytes(header);
        all.writeBytes(data);
        java.nio.file.Files.write(file, all.toByteArray());

        EntryFormat.Header h = EntryFormat.readHeader(file);

        assertThat(h.entry()).isEqualTo(e);
        assertThat(h.offset()).isEqualTo(header.length);
        assertThat(new String(header, StandardCharsets.UTF_8)).contains("size 000000000000042\n");
    }

    @Test
    void encodeHeader_anySize_sameLength() {
        QueueEntry small = sample("", null);
        QueueEntry big = new QueueEntry(small.id(), small.created(), small.sender(), 123_456_789_012L, small.nextAttempt(),
                small.rewriteFrom(), small.recipients(), null);

        assertThat(EntryFormat.encodeHeader(big)).hasSameSizeAs(EntryFormat.encodeHeader(small));
    }

    @Test
    void readHeader_noEndLine_refused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("x.msg");
        java.nio.file.Files.writeString(file, EntryFormat.MAGIC + "\nid ABC-1\nSubject: x\r\n");

        assertThatThrownBy(() -> EntryFormat.readHeader(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    /** Every kind of field; the text is what the format wrote before the encoder lost its formatter and URLEncoder. */
    private static QueueEntry everyField() {
        EmailAddress jane = EmailAddress.parse("Jane.Doe@Domain1.com");
        return new QueueEntry(new QueueId("MX4QLRV2-R9VP3XBV"), Instant.parse("2026-11-27T10:00:00.123456Z"),
                EmailAddress.parse("bench@example.org"), 1234, Instant.parse("2026-11-27T10:05:00Z"), true,
                List.of(new QueueRecipient(A, jane, "mail relay@domain1.com", true, null, RecipientState.PENDING, 2,
                                "450 4.7.1 <x>: try = later % 100+ (RCPT) \u00e9"),
                        new QueueRecipient(jane, jane, "acc_1.x-y*z", false, A, RecipientState.DELIVERED, 1, "250 2.0.0 Ok"),
                        new QueueRecipient(A, A, "acc", false, null, RecipientState.FAILED, 3, "")),
                "purged by op\u00e9rateur");
    }

    private static final String EVERY_FIELD = "ssmtp-mailer-spool 1\n"
            + "id MX4QLRV2-R9VP3XBV\n"
            + "created 2026-11-27T10:00:00.123456Z\n"
            + "sender bench@example.org\n"
            + "size 1234\n"
            + "next 2026-11-27T10:05:00Z\n"
            + "rewrite-from yes\n"
            + "rcpt F PENDING 2 =mail+relay%40domain1.com Jane.Doe@domain1.com contact-sales@mailer.domain1.com - "
            + "=450+4.7.1+%3Cx%3E%3A+try+%3D+later+%25+100%2B+%28RCPT%29+%C3%A9\n"
            + "rcpt S DELIVERED 1 =acc_1.x-y*z Jane.Doe@domain1.com Jane.Doe@domain1.com contact-sales@mailer.domain1.com "
            + "=250+2.0.0+Ok\n"
            + "rcpt S FAILED 3 =acc contact-sales@mailer.domain1.com contact-sales@mailer.domain1.com <> =\n"
            + "dead =purged+by+op%C3%A9rateur\n"
            + "end\n";

    @Test
    void encode_everyField_theFormatsBytes() {
        assertThat(new String(EntryFormat.encode(everyField()), StandardCharsets.UTF_8)).isEqualTo(EVERY_FIELD);
        assertThat(new String(EntryFormat.encodeHeader(everyField()), StandardCharsets.UTF_8))
                .isEqualTo(EVERY_FIELD.replace("size 1234\n", "size 000000000001234\n"));
    }

    @Test
    void decode_everyField_sameEntry() {
        assertThat(EntryFormat.decode(EVERY_FIELD)).isEqualTo(everyField());
    }

    @Test
    void writeSize_header_sameBytesAsEncodingWithThatSize() {
        QueueEntry e = everyField();
        for (long size : new long[] {0, 7, 1234, 999_999_999_999_999L}) {
            byte[] header = EntryFormat.encodeHeader(e.withSize(0));

            assertThat(EntryFormat.writeSize(header, size)).isTrue();

            assertThat(header).isEqualTo(EntryFormat.encodeHeader(e.withSize(size)));
        }
    }

    @Test
    void writeSize_moreThanFifteenDigits_refusedAndHeaderUnchanged() {
        byte[] header = EntryFormat.encodeHeader(everyField());
        byte[] before = header.clone();

        assertThat(EntryFormat.writeSize(header, 1_000_000_000_000_000L)).isFalse();
        assertThat(header).isEqualTo(before);
    }

    @Test
    void encode_anyAsciiOrOtherText_encodedAsUrlEncoderDoesAndReadBack() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        for (int n = 0; n < 1000; n++) {
            StringBuilder text = new StringBuilder("x");
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append((char) (n % 10 == 0 ? random.nextInt(0x20, 0x3000) : random.nextInt(0x80)));
            }
            String account = text.toString();
            QueueEntry e = new QueueEntry(new QueueId("ABC-1"), Instant.parse("2026-11-27T10:00:00Z"), null, 1,
                    Instant.parse("2026-11-27T10:00:00Z"), false,
                    List.of(new QueueRecipient(A, B, account, true, null, RecipientState.PENDING, 0, "")), null);

            String encoded = new String(EntryFormat.encode(e), StandardCharsets.UTF_8);

            assertThat(encoded).contains("rcpt F PENDING 0 =" + java.net.URLEncoder.encode(account, StandardCharsets.UTF_8) + " ");
            assertThat(EntryFormat.decode(encoded).recipients().get(0).account()).isEqualTo(account);
        }
    }
}
