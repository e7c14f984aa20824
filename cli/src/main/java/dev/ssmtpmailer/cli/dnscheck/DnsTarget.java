package dev.ssmtpmailer.cli.dnscheck;

import java.util.Locale;
import java.util.Objects;

/**
 * What to audit: a relayed domain, the host that runs the mailer for it, and what the guide's records depend on.
 *
 * @param domain the relayed domain, e.g. {@code domain1.com}
 * @param mailerHost the mailer host, e.g. {@code mailer.domain1.com}
 * @param gmail whether the domain's account sends through Gmail (then SPF must include {@code _spf.google.com})
 * @param dkimSelector the DKIM selector, {@code google} for Gmail
 */
public record DnsTarget(String domain, String mailerHost, boolean gmail, String dkimSelector) {
    /** Gmail's DKIM selector, as the guide publishes it. */
    public static final String GOOGLE_SELECTOR = "google";

    /** Normalises names to lower case without trailing dot. */
    public DnsTarget {
        domain = normalise(Objects.requireNonNull(domain, "domain"));
        mailerHost = normalise(Objects.requireNonNull(mailerHost, "mailerHost"));
        dkimSelector = dkimSelector == null || dkimSelector.isBlank() ? GOOGLE_SELECTOR : dkimSelector.strip();
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("domain must not be empty");
        }
    }

    /**
     * The guide's layout: the mailer runs on {@code mailer.<domain>} and the account is Gmail.
     *
     * @param domain the relayed domain
     * @return the target
     */
    public static DnsTarget guide(String domain) {
        return new DnsTarget(domain, "mailer." + normalise(domain), true, GOOGLE_SELECTOR);
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
