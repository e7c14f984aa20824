package dev.ssmtpmailer.cli.dnscheck;

import java.util.Objects;

/**
 * The outcome of one DNS check.
 *
 * @param domain the relayed domain the check belongs to ({@code domain1.com})
 * @param check what was checked: {@code A}, {@code MX}, {@code SPF}, {@code DKIM}, {@code DMARC}, {@code PTR},
 *        {@code PTR->A}
 * @param name the DNS name that was looked up
 * @param verdict whether the record is as the guide wants it, or could not be checked
 * @param detail what was found, or why it fails, or why the lookup failed
 * @param fix for a failure, the record to publish (zone-file syntax); empty otherwise
 */
public record DnsCheck(String domain, String check, String name, Verdict verdict, String detail, String fix) {

    /** How a check ended. */
    public enum Verdict {
        /** The record is as the guide wants it. */
        PASSED,
        /** The resolver answered, and the record is missing or wrong. */
        FAILED,
        /** The lookup failed (timeout, SERVFAIL, no resolver): nothing is known, so nothing is to publish. */
        LOOKUP_FAILED
    }

    /** Checks the required parts; only a failure has a fix. */
    public DnsCheck {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(verdict, "verdict");
        detail = detail == null ? "" : detail;
        fix = verdict != Verdict.FAILED || fix == null ? "" : fix;
    }

    /** @return whether the record is as the guide wants it */
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    static DnsCheck pass(String domain, String check, String name, String detail) {
        return new DnsCheck(domain, check, name, Verdict.PASSED, detail, "");
    }

    static DnsCheck fail(String domain, String check, String name, String detail, String fix) {
        return new DnsCheck(domain, check, name, Verdict.FAILED, detail, fix);
    }

    static DnsCheck lookupFailed(String domain, String check, String name, String reason) {
        return new DnsCheck(domain, check, name, Verdict.LOOKUP_FAILED, "lookup failed: " + reason, "");
    }
}
