package dev.ssmtpmailer.cli.dnscheck;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few parts of an SPF record (RFC 7208) the guide's checks need: its terms and its address mechanisms. */
final class Spf {
    private Spf() {
    }

    /** @return whether a TXT string is an SPF record ({@code v=spf1} then a space or the end) */
    static boolean isSpf(String txt) {
        String t = txt.strip().toLowerCase(Locale.ROOT);
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    /** @return the terms after {@code v=spf1}, lower case */
    static List<String> terms(String record) {
        List<String> terms = new ArrayList<>();
        String[] parts = record.strip().toLowerCase(Locale.ROOT).split("\\s+");
        for (int i = 1; i < parts.length; i++) {
            terms.add(parts[i]);
        }
        return terms;
    }

    /** @return whether the record has {@code include:<domain>} with a passing qualifier */
    static boolean includes(String record, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return terms(record).stream().anyMatch(t -> t.equals("include:" + d) || t.equals("+include:" + d));
    }

    /**
     * Whether the record authorises {@code address} for the host it is published on: an {@code ip4:}/{@code ip6:}
     * range that holds it, or a bare {@code a}/{@code mx} when {@code hostAddresses}/{@code mxAddresses} hold it.
     * Includes and redirects are not followed.
     *
     * @return the term that authorises it, or {@code null}
     */
    static String authorising(String record, InetAddress address, List<InetAddress> hostAddresses,
                              List<InetAddress> mxAddresses) {
        for (String term : terms(record)) {
            String t = term.startsWith("+") ? term.substring(1) : term;
            if (t.startsWith("-") || t.startsWith("~") || t.startsWith("?")) {
                continue;
            }
            if ((t.startsWith("ip4:") || t.startsWith("ip6:")) && inRange(address, t.substring(4))) {
                return term;
            }
            if (t.equals("a") && hostAddresses.contains(address)) {
                return term;
            }
            if (t.equals("mx") && mxAddresses.contains(address)) {
                return term;
            }
        }
        return null;
    }

    private static boolean inRange(InetAddress address, String range) {
        int slash = range.indexOf('/');
        String net = slash < 0 ? range : range.substring(0, slash);
        if (!net.matches("[0-9a-fA-F:.]+")) {
            return false; // never let a malformed range turn into a DNS lookup
        }
        try {
            byte[] a = address.getAddress();
            byte[] n = InetAddress.getByName(net).getAddress();
            if (a.length != n.length) {
                return false;
            }
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(range.substring(slash + 1));
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (n[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
