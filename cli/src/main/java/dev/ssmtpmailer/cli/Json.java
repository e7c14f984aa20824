package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.dnscheck.DnsCheck;
import java.util.List;
import java.util.Locale;

/** The little JSON the CLI writes ({@code dns-check --json}); strings escaped per RFC 8259. */
final class Json {
    private Json() {
    }

    static String dnsChecks(List<DnsCheck> checks) {
        StringBuilder b = new StringBuilder("{\"passed\":").append(checks.stream().allMatch(DnsCheck::passed))
                .append(",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            DnsCheck c = checks.get(i);
            b.append(i == 0 ? "" : ",").append("{\"domain\":").append(string(c.domain()))
                    .append(",\"check\":").append(string(c.check()))
                    .append(",\"name\":").append(string(c.name()))
                    .append(",\"passed\":").append(c.passed())
                    .append(",\"detail\":").append(string(c.detail()))
                    .append(",\"fix\":").append(string(c.fix()))
                    .append(",\"verdict\":").append(string(c.verdict().name().toLowerCase(Locale.ROOT))).append('}');
        }
        return b.append("]}").toString();
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
