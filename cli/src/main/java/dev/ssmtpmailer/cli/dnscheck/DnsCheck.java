package dev.ssmtpmailer.cli.dnscheck;

import java.util.Objects;

/**
 * The outcome of one DNS check.
 *
 * @param domain the relayed domain the check belongs to ({@code domain1.com})
 * @param check what was checked: {@code A}, {@code MX}, {@code SPF}, {@code DKIM}, {@code DMARC}, {@code PTR},
 *        {@code PTR->A}
 * @param name the DNS name that was looked up
 * @param passed whether the record is as the guide wants it
 * @param detail what was found, or why it fails
 * @param fix for a failure, the record to publish (zone-file syntax); empty when passed
 */
public record DnsCheck(String domain, String check, String name, boolean passed, String detail, String fix) {

    /** Checks the required parts. */
    public DnsCheck {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
        fix = passed || fix == null ? "" : fix;
    }

    static DnsCheck pass(String domain, String check, String name, String detail) {
        return new DnsCheck(domain, check, name, true, detail, "");
    }

    static DnsCheck fail(String domain, String check, String name, String detail, String fix) {
        return new DnsCheck(domain, check, name, false, detail, fix);
    }
}
