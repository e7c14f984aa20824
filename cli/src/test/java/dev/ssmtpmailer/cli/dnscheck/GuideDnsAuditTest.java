package dev.ssmtpmailer.cli.dnscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuideDnsAuditTest {
    private static String key2048;
    private static String key512;

    @BeforeAll
    static void keys() throws NoSuchAlgorithmException {
        key2048 = rsaKey(2048);
        key512 = rsaKey(512);
    }

    private static String rsaKey(int bits) throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    }

    private static List<DnsCheck> audit(FakeDns dns) {
        return DnsAudit.create(dns).audit(DnsTarget.guide("domain1.com"));
    }

    private static DnsCheck check(List<DnsCheck> checks, String check, String name) {
        return checks.stream().filter(c -> c.check().equals(check) && c.name().equals(name)).findFirst().orElseThrow();
    }

    /** @return the check of that kind and name, which must have failed */
    private static DnsCheck failed(List<DnsCheck> checks, String check, String name) {
        DnsCheck c = check(checks, check, name);
        assertThat(c.passed()).as(c.toString()).isFalse();
        return c;
    }

    @Test
    void audit_guideRecords_everyCheckPassesInTheGuideOrder() {
        List<DnsCheck> checks = audit(FakeDns.guide(key2048));

        assertThat(checks).allMatch(DnsCheck::passed);
        assertThat(checks).extracting(c -> c.check() + " " + c.name()).containsExactly(
                "A domain1.com", "MX domain1.com", "SPF domain1.com", "DKIM google._domainkey.domain1.com",
                "DMARC _dmarc.domain1.com", "A mailer.domain1.com", "MX mailer.domain1.com", "SPF mailer.domain1.com",
                "PTR 1.0.0.127.in-addr.arpa", "PTR->A 1.0.0.127.in-addr.arpa");
        assertThat(check(checks, "DKIM", "google._domainkey.domain1.com").detail()).isEqualTo("RSA 2048 bits");
    }

    /** SPF records that fail, one row a reason: the name checked, a pattern of the detail, the record to publish. */
    static Stream<Arguments> failingSpf() {
        return Stream.of(
                argumentSet("no SPF record: the guide's record to publish",
                        new FakeDns().a("domain1.com", "127.0.0.1").txt("domain1.com", "google-site-verification=x"),
                        "domain1.com", "^no v=spf1 record", "domain1.com. IN TXT \"v=spf1 include:_spf.google.com ~all\""),
                argumentSet("two SPF records: a permerror",
                        FakeDns.guide(key2048).txt("domain1.com", "v=spf1 -all"),
                        "domain1.com", "2 v=spf1 records .*permerror", null),
                argumentSet("a Gmail account without Google's include",
                        new FakeDns().txt("domain1.com", "v=spf1 ip4:192.0.2.1 -all"),
                        "domain1.com", "does not include _spf\\.google\\.com", null),
                argumentSet("the mailer's SPF without its address",
                        new FakeDns().a("mailer.domain1.com", "127.0.0.1").txt("mailer.domain1.com", "v=spf1 ip4:10.0.0.0/8 ~all"),
                        "mailer.domain1.com", "does not authorise the mailer's address 127\\.0\\.0\\.1",
                        "mailer.domain1.com. IN TXT \"v=spf1 ip4:127.0.0.1 ~all\""));
    }

    /** @param fix the record the check says to publish, or {@code null} where the row does not check it */
    @ParameterizedTest
    @MethodSource("failingSpf")
    void audit_failingSpf_failsSayingWhy(FakeDns dns, String name, String detail, String fix) {
        DnsCheck spf = failed(audit(dns), "SPF", name);

        assertThat(spf.detail()).containsPattern(detail);
        if (fix != null) {
            assertThat(spf.fix()).isEqualTo(fix);
        }
    }

    @Test
    void audit_notGmail_spfWithoutGoogleIncludePasses() {
        FakeDns dns = new FakeDns().txt("domain1.com", "v=spf1 ip4:192.0.2.1 -all");

        List<DnsCheck> checks = DnsAudit.create(dns).audit(new DnsTarget("domain1.com", "mailer.domain1.com", false, "s1"));

        assertThat(check(checks, "SPF", "domain1.com").passed()).isTrue();
        assertThat(check(checks, "DKIM", "s1._domainkey.domain1.com").passed()).isFalse();
    }

    @Test
    void audit_mailerSpfByRangeOrA_passes() {
        FakeDns range = new FakeDns().a("mailer.domain1.com", "127.0.0.1").txt("mailer.domain1.com", "v=spf1 ip4:127.0.0.0/8 -all");
        FakeDns byA = new FakeDns().a("mailer.domain1.com", "127.0.0.1").txt("mailer.domain1.com", "v=spf1 a -all");

        assertThat(check(audit(range), "SPF", "mailer.domain1.com").passed()).isTrue();
        assertThat(check(audit(byA), "SPF", "mailer.domain1.com").passed()).isTrue();
    }

    @Test
    void audit_dkimKeyTooShort_fails() {
        DnsCheck dkim = failed(audit(FakeDns.guide(key512)), "DKIM", "google._domainkey.domain1.com");

        assertThat(dkim.detail()).isEqualTo("RSA key of 512 bits, at least 1024 needed");
    }

    @Test
    void audit_dkimKeyNotBase64_fails() {
        DnsCheck dkim = failed(audit(FakeDns.guide("MIIBIjANBgkqhkiG9w0B!!!not-base64!!!")), "DKIM", "google._domainkey.domain1.com");

        assertThat(dkim.detail()).startsWith("p= is not valid base64");
        assertThat(dkim.fix()).startsWith("google._domainkey.domain1.com. IN TXT \"v=DKIM1; k=rsa; p=YOUR_DKIM_KEY\"");
    }

    @Test
    void audit_malformedDmarc_failsNamingTheSeparator() {
        FakeDns dns = new FakeDns().txt("_dmarc.domain1.com", "v=DMARC1 p=reject rua=dmarc@domain1.com");

        DnsCheck dmarc = failed(audit(dns), "DMARC", "_dmarc.domain1.com");

        assertThat(dmarc.detail()).contains("separated by ';'");
        assertThat(dmarc.fix()).isEqualTo("_dmarc.domain1.com. IN TXT \"v=DMARC1; p=quarantine; rua=mailto:dmarc@domain1.com\"");
    }

    @Test
    void audit_nullMx_fails() {
        DnsCheck mx = failed(audit(new FakeDns().mx("domain1.com", 0, ".")), "MX", "domain1.com");

        assertThat(mx.detail()).contains("null MX");
    }

    @Test
    void audit_danglingMx_failsNamingTheTarget() {
        DnsCheck mx = failed(audit(new FakeDns().mx("domain1.com", 10, "nowhere.domain1.com")), "MX", "domain1.com");

        assertThat(mx.detail()).contains("nowhere.domain1.com", "does not exist");
    }

    @Test
    void audit_ptrNamesAnotherHost_failsBoth() {
        FakeDns wrongPtr = new FakeDns().a("mailer.domain1.com", "127.0.0.1").ptr("127.0.0.1", "localhost");

        List<DnsCheck> checks = audit(wrongPtr);

        assertThat(check(checks, "PTR", "1.0.0.127.in-addr.arpa").detail()).isEqualTo("127.0.0.1 -> localhost, not mailer.domain1.com");
        assertThat(check(checks, "PTR", "1.0.0.127.in-addr.arpa").fix()).startsWith("1.0.0.127.in-addr.arpa. IN PTR mailer.domain1.com.");
        assertThat(check(checks, "PTR->A", "1.0.0.127.in-addr.arpa").passed()).isFalse();
    }
}
