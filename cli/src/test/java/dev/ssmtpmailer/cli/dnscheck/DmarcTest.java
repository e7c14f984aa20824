package dev.ssmtpmailer.cli.dnscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DmarcTest {

    @Test
    void check_guideRecord_returnsPolicy() {
        assertThat(Dmarc.check("v=DMARC1; p=quarantine; rua=mailto:dmarc@domain1.com")).isEqualTo("p=quarantine");
    }

    @ParameterizedTest(name = "{0}: refused, naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            v=DMARC1; rua=mailto:d@domain1.com        | no policy
            v=DMARC1; p=maybe                         | p=maybe
            p=reject; v=DMARC1                        | first tag
            v=DMARC1; p=none; rua=dmarc@domain1.com   | mailto:
            v=DMARC1; p=none; pct=150                 | pct=150
            v=DMARC1; p=none; p=reject                | twice
            """)
    void check_badRecord_refusedSayingWhy(String record, String reason) {
        assertThatThrownBy(() -> Dmarc.check(record)).hasMessageContaining(reason);
    }
}
