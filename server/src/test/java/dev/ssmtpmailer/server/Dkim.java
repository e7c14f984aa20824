package dev.ssmtpmailer.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small DKIM signer and verifier for tests (RFC 6376): rsa-sha256, relaxed/relaxed, one signature. Enough
 * to prove that the relay keeps the signed bytes; not a general implementation.
 */
final class Dkim {
    private Dkim() {
    }

    /**
     * @param message the message, CRLF line ends
     * @return the message with a {@code DKIM-Signature:} header in front
     */
    static byte[] sign(byte[] message, PrivateKey key, String domain, String selector, List<String> headers)
            throws GeneralSecurityException {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int split = headerEnd(text);
        String bh = Base64.getEncoder().encodeToString(sha256(relaxedBody(body(text))));
        String value = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + ";\r\n\th="
                + String.join(":", headers) + "; bh=" + bh + ";\r\n\tb=";
        String toSign = signedHeaders(text.substring(0, split), headers) + relaxedHeader("DKIM-Signature", value);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(toSign.getBytes(StandardCharsets.ISO_8859_1));
        String b = Base64.getEncoder().encodeToString(s.sign());
        return ("DKIM-Signature: " + value + b + "\r\n" + text).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Why a signature does not verify, or {@code null} when it does. */
    static String verify(byte[] message, PublicKey key) throws GeneralSecurityException {
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        int split = headerEnd(text);
        List<String[]> fields = fields(text.substring(0, split));
        String[] sig = fields.stream().filter(f -> f[0].equalsIgnoreCase("DKIM-Signature")).findFirst().orElse(null);
        if (sig == null) {
            return "no DKIM-Signature header";
        }
        Map<String, String> tags = tags(sig[1]);
        if (!"rsa-sha256".equals(tags.get("a")) || !"relaxed/relaxed".equals(tags.get("c"))) {
            return "unsupported a= or c=: " + tags;
        }
        String bh = Base64.getEncoder().encodeToString(sha256(relaxedBody(body(text))));
        if (!bh.equals(tags.get("bh"))) {
            return "body hash differs: header says " + tags.get("bh") + ", body gives " + bh;
        }
        List<String> names = List.of(tags.get("h").split(":"));
        String unsigned = removeB(sig[1]);
        String toSign = signedHeaders(text.substring(0, split), names) + relaxedHeader(sig[0], unsigned);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(toSign.getBytes(StandardCharsets.ISO_8859_1));
        return s.verify(Base64.getMimeDecoder().decode(tags.get("b"))) ? null : "signature does not verify over the headers";
    }

    /** The DKIM-Signature value with the b= tag's value removed (everything else byte for byte). */
    private static String removeB(String value) {
        int i = 0;
        while (i < value.length()) {
            int semi = value.indexOf(';', i);
            int end = semi < 0 ? value.length() : semi;
            String tag = value.substring(i, end);
            String name = tag.contains("=") ? tag.substring(0, tag.indexOf('=')).strip() : "";
            if (name.equals("b")) {
                int eq = value.indexOf('=', i);
                return value.substring(0, eq + 1) + value.substring(end);
            }
            i = end + 1;
        }
        return value;
    }

    /**
     * A second opinion from dkimpy ({@code python3-dkim}), an independent implementation, with the DNS lookup
     * answered by the given key.
     *
     * @return the verdict, or empty when dkimpy is not installed
     */
    static java.util.Optional<Boolean> verifyWithDkimpy(byte[] message, PublicKey key) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return java.util.Optional.empty();
        }
        Path msg = Files.createTempFile("dkim-", ".eml");
        try {
            Files.write(msg, message);
            String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
            String script = "import sys\ntry:\n import dkim\nexcept ImportError:\n print('NODKIM'); sys.exit(0)\n"
                    + "d=open(sys.argv[1],'rb').read().replace(b'\\r\\n',b'\\n').replace(b'\\n',b'\\r\\n')\n"
                    + "print('VERIFIED' if dkim.verify(d, dnsfunc=lambda n, timeout=5: sys.argv[2].encode()) else 'FAILED')\n";
            Process p = new ProcessBuilder(python.toString(), "-c", script, msg.toString(), record)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            if (out.contains("NODKIM")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(out.contains("VERIFIED"));
        } finally {
            Files.deleteIfExists(msg);
        }
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem)));
    }

    static PublicKey publicKey(Path pem) throws Exception {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
    }

    /** @param p the p= value of a DKIM TXT record */
    static PublicKey publicKey(String p) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(p)));
    }

    private static byte[] pemBody(Path pem) throws Exception {
        String s = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "");
        return Base64.getMimeDecoder().decode(s.strip());
    }

    /** @return where the header block ends, after its last CRLF */
    private static int headerEnd(String text) {
        int i = text.indexOf("\r\n\r\n");
        return i < 0 ? text.length() : i + 2;
    }

    /** @return the body: everything after the empty line that ends the header block */
    private static String body(String text) {
        int i = text.indexOf("\r\n\r\n");
        return i < 0 ? "" : text.substring(i + 4);
    }

    private static List<String[]> fields(String header) {
        List<String[]> out = new ArrayList<>();
        for (String f : header.split("\r\n(?![ \t])")) {
            int colon = f.indexOf(':');
            if (colon > 0) {
                out.add(new String[] {f.substring(0, colon), f.substring(colon + 1)});
            }
        }
        return out;
    }

    /** The h= fields, each the last not yet used instance of its name, relaxed, each ending in CRLF. */
    private static String signedHeaders(String header, List<String> names) {
        List<String[]> fields = fields(header);
        Map<String, Integer> used = new HashMap<>();
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            String key = n.strip().toLowerCase(Locale.ROOT);
            int skip = used.merge(key, 1, Integer::sum) - 1;
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (fields.get(i)[0].strip().equalsIgnoreCase(key) && skip-- == 0) {
                    b.append(relaxedHeader(fields.get(i)[0], fields.get(i)[1])).append("\r\n");
                    break;
                }
            }
        }
        return b.toString();
    }

    private static String relaxedHeader(String name, String value) {
        String v = value.replaceAll("\r\n(?=[ \t])", "").replaceAll("[ \t]+", " ").strip();
        return name.strip().toLowerCase(Locale.ROOT) + ":" + v;
    }

    private static byte[] relaxedBody(String body) {
        String[] lines = body.split("\r\n", -1);
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.replaceAll("[ \t]+", " ").replaceAll(" $", ""));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        StringBuilder b = new StringBuilder();
        for (String l : out) {
            b.append(l).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> tags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String t : value.split(";")) {
            int eq = t.indexOf('=');
            if (eq > 0) {
                tags.put(t.substring(0, eq).strip(), t.substring(eq + 1).replaceAll("\\s+", ""));
            }
        }
        return tags;
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
