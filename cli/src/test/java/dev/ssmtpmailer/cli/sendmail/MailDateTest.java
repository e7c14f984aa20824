package dev.ssmtpmailer.cli.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailDateTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1764567181000, 0", "1764567181999, 3600", "1764567181000, -18000", "951782400000, 19800",
            "4102444799000, -34200", "1709164800000, 50400", "-86400000, 7200"})
    void format_writesWhatRfc1123FormatterWrites(long epochMilli, int offsetSeconds) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMilli).atZone(ZoneOffset.ofTotalSeconds(offsetSeconds));

        assertThat(MailDate.format(epochMilli, offsetSeconds)).isEqualTo(DateTimeFormatter.RFC_1123_DATE_TIME.format(t));
    }

    @Test
    void now_isInTheDefaultTimeZone() {
        String now = MailDate.now();

        ZonedDateTime parsed = ZonedDateTime.parse(now, DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(parsed.getOffset().getTotalSeconds() * 1000).isEqualTo(TimeZone.getDefault().getOffset(parsed.toInstant().toEpochMilli()));
    }
}
