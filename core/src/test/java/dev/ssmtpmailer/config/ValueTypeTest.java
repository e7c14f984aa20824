package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypeTest {

    @Test
    void boolean_acceptsTheUsualSpellingsInAnyCase() {
        assertThat(List.of("true", "YES", "On", "1").stream().map(ValueType.BOOLEAN::parse)).containsOnly(true);
        assertThat(List.of("false", "no", "OFF", "0").stream().map(ValueType.BOOLEAN::parse)).containsOnly(false);
        assertThat(ValueType.BOOLEAN.parse("sometimes")).isNull();
    }

    @Test
    void integer_outsideAnInt_doesNotFit() {
        assertThat(ValueType.INTEGER.parse("-42")).isEqualTo(-42);
        assertThat(ValueType.INTEGER.parse("2147483648")).isNull();
        assertThat(ValueType.INTEGER.parse("58x7")).isNull();
    }

    @Test
    void duration_plainSecondsOrAUnit_printedInItsLargestWholeUnit() {
        assertThat(ValueType.DURATION.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ValueType.DURATION.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ValueType.DURATION.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(ValueType.DURATION.parse("1 minute")).isNull();
        assertThat(ValueType.DURATION.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ValueType.DURATION.format(Duration.ofSeconds(4000))).isEqualTo("4000s");
        assertThat(ValueType.DURATION.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(ValueType.DURATION.format(Duration.ofDays(5))).isEqualTo("5d");
        assertThat(ValueType.DURATION.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void size_powersOf1024_printedInItsLargestWholeUnit() {
        assertThat(ValueType.SIZE.parse("25M")).isEqualTo(25L * 1024 * 1024);
        assertThat(ValueType.SIZE.parse("2k")).isEqualTo(2048L);
        assertThat(ValueType.SIZE.parse("999999999999999G")).isNull();
        assertThat(ValueType.SIZE.format(26_214_400L)).isEqualTo("25M");
        assertThat(ValueType.SIZE.format(3L << 30)).isEqualTo("3G");
        assertThat(ValueType.SIZE.format(1000L)).isEqualTo("1000");
        assertThat(ValueType.SIZE.format(0L)).isEqualTo("0");
    }

    @Test
    void list_dropsEmptyItemsAndSpaces() {
        assertThat(ValueType.LIST.parse(" a.com, ,b.com ,")).containsExactly("a.com", "b.com");
        assertThat(ValueType.LIST.format(List.of("a.com", "b.com"))).isEqualTo("a.com, b.com");
    }

    @Test
    void url_mustBeAbsoluteWithAHost() {
        assertThat(ValueType.URL.parse("https://oauth2.googleapis.com/token")).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(ValueType.URL.parse("/token")).isNull();
        assertThat(ValueType.URL.parse("https://bad host/")).isNull();
    }

    @Test
    void pathAndAuthMethod() {
        assertThat(ValueType.PATH.parse("ssl/ca.pem")).isEqualTo(Path.of("ssl/ca.pem"));
        assertThat(ValueType.PATH.parse("")).isNull();
        assertThat(ValueType.AUTH_METHOD.parse("xoauth2")).isEqualTo(AuthMethod.XOAUTH2);
        assertThat(ValueType.AUTH_METHOD.parse("kerberos")).isNull();
    }
}
