package dev.ssmtpmailer.cli.dnscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DmarcTest {

    @Test
    void check_guideRecord_returnsPolicy() {
        assertThat(Dmarc.check("v=DMARC1; p=quarantine; rua=mailto:dmarc@domain1.com")).isEqualTo("p=quarantine");
    }

    @Test
    void check_noPolicy_refused() {
        assertThatThrownBy(() -> Dmarc.check("v=DMARC1; rua=mailto:d@domain1.com")).hasMessageContaining("no policy");
    }

    @Test
    void check_unknownPolicy_refused() {
        assertThatThrownBy(() -> Dmarc.check("v=DMARC1; p=maybe")).hasMessageContaining("p=maybe");
    }

    @Test
    void check_versionNotFirst_refused() {
        assertThatThrownBy(() -> Dmarc.check("p=reject; v=DMARC1")).hasMessageContaining("first tag");
    }

    @Test
    void check_reportAddressWithoutMailto_refused() {
        assertThatThrownBy(() -> Dmarc.check("v=DMARC1; p=none; rua=dmarc@domain1.com")).hasMessageContaining("mailto:");
    }

    @Test
    void check_pctOutOfRange_refused() {
        assertThatThrownBy(() -> Dmarc.check("v=DMARC1; p=none; pct=150")).hasMessageContaining("pct=150");
    }

    @Test
    void check_repeatedTag_refused() {
        assertThatThrownBy(() -> Dmarc.check("v=DMARC1; p=none; p=reject")).hasMessageContaining("twice");
    }
}
