package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@link #date_otherDefaultLocaleAndTimeZone_stillEnglishAndUtc} changes the JVM's default locale and time zone
 * (and restores them): {@code @Isolated} keeps any other test from running meanwhile should the build ever run
 * tests in parallel.
 */
@Isolated("sets the JVM-wide default Locale and TimeZone")
class ReceivedHeaderTest {
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void date_aroundSecondBoundaries_sameTextAsTheFormatter() {
        Instant t = Instant.parse("2026-12-31T23:59:58Z");
        for (long nanos : new long[] {0, 1, 999_999_999, 1_000_000_000, 1_000_000_001, 1_999_999_999, 2_000_000_000,
                500_000_000, 2_500_000_000L, 999_999_999}) { // forwards, then back in time (a clock set back)
            Instant now = t.plusNanos(nanos);
            assertThat(ReceivedHeader.date(now)).as("%s", now).isEqualTo(RFC_5322.format(now));
        }
    }

    @Test
    void date_manySecondsApart_sameTextAsTheFormatter() {
        Instant t = Instant.parse("1999-02-28T12:00:00.5Z");
        for (int i = 0; i < 3000; i++) {
            Instant now = t.plusSeconds(i * 86_413L).plusNanos(i * 7_919_000L);
            assertThat(ReceivedHeader.date(now)).isEqualTo(RFC_5322.format(now));
            assertThat(ReceivedHeader.date(now)).isEqualTo(RFC_5322.format(now)); // the cached text
        }
    }

    @Test
    void date_otherDefaultLocaleAndTimeZone_stillEnglishAndUtc() {
        Locale locale = Locale.getDefault();
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            Instant now = Instant.parse("2026-11-27T21:40:00.250Z");

            assertThat(ReceivedHeader.date(now)).isEqualTo("Fri, 27 Nov 2026 21:40:00 +0000");
            assertThat(ReceivedHeader.date(now.plusSeconds(3600 * 24 * 30))).isEqualTo("Sun, 27 Dec 2026 21:40:00 +0000");
        } finally { // all three locales: setDefault(Locale) also sets both categories
            Locale.setDefault(locale);
            Locale.setDefault(Locale.Category.DISPLAY, display);
            Locale.setDefault(Locale.Category.FORMAT, format);
            TimeZone.setDefault(zone);
        }
        assertThat(List.of(Locale.getDefault(), Locale.getDefault(Locale.Category.DISPLAY),
                Locale.getDefault(Locale.Category.FORMAT), TimeZone.getDefault()))
                .containsExactly(locale, display, format, zone);
    }

    @Test
    void of_singleRecipient_postfixForm() throws Exception {
        byte[] h = ReceivedHeader.of("client.example", InetAddress.getByName("192.0.2.7"), "mailer.domain1.com", "ESMTPS",
                "5F3K2A.1", "contact-sales@mailer.domain1.com", Instant.parse("2026-11-27T21:40:00Z"));

        assertThat(new String(h, StandardCharsets.US_ASCII)).isEqualTo("Received: from client.example ([192.0.2.7])\r\n"
                + "        by mailer.domain1.com (ssmtp-mailer) with ESMTPS id 5F3K2A.1\r\n"
                + "        for <contact-sales@mailer.domain1.com>; Fri, 27 Nov 2026 21:40:00 +0000\r\n");
    }

    @Test
    void of_ipv6ClientHostileHeloSeveralRecipients_cleanedIntoTheSameText() throws Exception {
        String helo = "evil (x); by [1.2.3.4]\u00e9" + "a".repeat(70);  // 93 characters: cut at 64
        byte[] h = ReceivedHeader.of(helo, InetAddress.getByName("2001:db8::1"), "mailer.domain1.com", "ESMTP", "S1.2", null,
                Instant.parse("2026-11-27T21:40:00Z"));

        assertThat(new String(h, StandardCharsets.US_ASCII)).isEqualTo("Received: from evil??x???by?[1.2.3.4]?"
                + "a".repeat(64 - 23) + " ([IPv6:2001:db8:0:0:0:0:0:1])\r\n"
                + "        by mailer.domain1.com (ssmtp-mailer) with ESMTP id S1.2; Fri, 27 Nov 2026 21:40:00 +0000\r\n");
    }

    @Test
    void of_noOrEmptyHeloAndEmptyHostName_unknown() throws Exception {
        for (String helo : new String[] {null, ""}) {
            byte[] h = ReceivedHeader.of(helo, InetAddress.getByName("127.0.0.1"), "", "ESMTPSA", "1", "a@b.example",
                    Instant.parse("2026-11-27T21:40:00Z"));

            assertThat(new String(h, StandardCharsets.US_ASCII)).as("%s", helo).isEqualTo(
                    "Received: from unknown ([127.0.0.1])\r\n        by unknown (ssmtp-mailer) with ESMTPSA id 1\r\n"
                            + "        for <a@b.example>; Fri, 27 Nov 2026 21:40:00 +0000\r\n");
        }
    }
}
