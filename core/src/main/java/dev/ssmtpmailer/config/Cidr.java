package dev.ssmtpmailer.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}); a bare address is a
 * single host.
 *
 * @param network the network address, host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record Cidr(InetAddress network, int prefixLength) {

    /** Validates the prefix length against the address family. */
    public Cidr {
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length must be between 0 and " + max + ", was " + prefixLength);
        }
    }

    /**
     * @param text {@code address/prefix} or a bare address; only numeric addresses, never a host name lookup
     * @return the network
     * @throws IllegalArgumentException if it is not a numeric CIDR
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("not a numeric network address: '" + text + "'");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(addr); // numeric only (checked above): no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric network address: '" + text + "'");
        }
        int bits = a.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix length is not a number in '" + text + "'");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length must be between 0 and " + bits + " in '" + text + "'");
        }
        return of(a, prefix);
    }

    /**
     * @param address any address in the network
     * @param prefixLength the number of leading bits that must match
     * @return the network of that length holding {@code address} (its host bits cleared)
     * @throws IllegalArgumentException if the prefix length does not fit the address family
     */
    public static Cidr of(InetAddress address, int prefixLength) {
        try {
            return new Cidr(InetAddress.getByAddress(mask(address.getAddress(), prefixLength)), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }

    /**
     * @param address a client address
     * @return whether it lies in this network (an IPv4-mapped IPv6 address counts as IPv4)
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length == 16 && n.length == 4 && isMappedV4(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != n.length) {
            return false;
        }
        return Arrays.equals(mask(a, prefixLength), n);
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] b = address.clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (keep == 0 ? 0 : (0xff << (8 - keep)));
        }
        return b;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
