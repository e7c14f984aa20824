package dev.ssmtpmailer.cli.dnscheck;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a DKIM key record (RFC 6376 3.6.1) far enough to say whether receivers can verify with it. */
final class Dkim {
    static final int MIN_RSA_BITS = 1024;

    private Dkim() {
    }

    /**
     * @param record the TXT record
     * @return a description of the key, such as {@code RSA 2048 bits}
     * @throws IllegalArgumentException saying what is wrong with the record
     */
    static String check(String record) {
        TagList tags = TagList.parse(record);
        String v = tags.get("v");
        if (v != null && (!v.equals("DKIM1") || !"v".equals(tags.first()))) {
            throw new IllegalArgumentException("v= must be the first tag and be DKIM1, was '" + v + "'");
        }
        String k = tags.get("k");
        if (k != null && !k.equalsIgnoreCase("rsa")) {
            throw new IllegalArgumentException("key type k=" + k + " (the guide publishes k=rsa)");
        }
        String p = tags.get("p");
        if (p == null) {
            throw new IllegalArgumentException("no p= tag (public key)");
        }
        String base64 = p.replaceAll("\\s", "");
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("p= is empty: the key is revoked");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("p= is not valid base64 (" + e.getMessage() + ")");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("p= is not an RSA public key (" + e.getMessage() + ")");
        }
        int bits = ((RSAPublicKey) key).getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA key of " + bits + " bits, at least " + MIN_RSA_BITS + " needed");
        }
        return "RSA " + bits + " bits";
    }
}
