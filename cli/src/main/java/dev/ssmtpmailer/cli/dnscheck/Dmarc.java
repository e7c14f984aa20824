package dev.ssmtpmailer.cli.dnscheck;

import java.util.Set;

/** Validates a DMARC record (RFC 7489 6.3, 6.4): tag syntax, {@code v=DMARC1} first, a policy, known values. */
final class Dmarc {
    private static final Set<String> POLICIES = Set.of("none", "quarantine", "reject");

    private Dmarc() {
    }

    /**
     * @param record the TXT record
     * @return its policy, such as {@code p=quarantine}
     * @throws IllegalArgumentException saying what is wrong
     */
    static String check(String record) {
        TagList tags = TagList.parse(record);
        String v = tags.get("v");
        if (!"v".equals(tags.first()) || !"DMARC1".equals(v)) {
            throw new IllegalArgumentException("v=DMARC1 must be the first tag, found v=" + v
                    + (v != null && v.contains("=") ? " (tags must be separated by ';')" : ""));
        }
        String p = tags.get("p");
        if (p == null) {
            throw new IllegalArgumentException("no policy (p=none|quarantine|reject)");
        }
        if (!POLICIES.contains(p)) {
            throw new IllegalArgumentException("policy p=" + p + " is not none, quarantine or reject");
        }
        String sp = tags.get("sp");
        if (sp != null && !POLICIES.contains(sp)) {
            throw new IllegalArgumentException("subdomain policy sp=" + sp + " is not none, quarantine or reject");
        }
        for (String align : new String[] {"adkim", "aspf"}) {
            String a = tags.get(align);
            if (a != null && !a.equals("r") && !a.equals("s")) {
                throw new IllegalArgumentException(align + "=" + a + " is not r or s");
            }
        }
        String pct = tags.get("pct");
        if (pct != null && !pct.matches("\\d{1,3}") || pct != null && Integer.parseInt(pct) > 100) {
            throw new IllegalArgumentException("pct=" + pct + " is not 0-100");
        }
        for (String report : new String[] {"rua", "ruf"}) {
            String uris = tags.get(report);
            if (uris == null) {
                continue;
            }
            for (String uri : uris.split(",")) {
                if (!uri.strip().toLowerCase(java.util.Locale.ROOT).startsWith("mailto:")) {
                    throw new IllegalArgumentException(report + " address '" + uri.strip() + "' is not a mailto: URI");
                }
            }
        }
        return "p=" + p;
    }
}
