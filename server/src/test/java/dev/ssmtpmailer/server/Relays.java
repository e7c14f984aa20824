package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The whole relay against the Postfix "Gmail" of upstream-smtp.sh, and reading what reached its Maildir. */
final class Relays {
    private Relays() {
    }

    /**
     * @param up the upstream peer
     * @param spool the spool directory
     * @return mailer.domain1.com's aliases contact-sales and contact-general forwarded through the peer's
     *         account with STARTTLS and AUTH LOGIN; retries after 1-2 s; no rate limit
     */
    static RelayConfig config(Peers.UpstreamSmtp up, Path spool) {
        return RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer.domain1.com").spoolDir(spool).enableRateLimiting(false)
                        .retryMinBackoff(Duration.ofSeconds(1)).retryMaxBackoff(Duration.ofSeconds(2)))
                .domain(DomainConfig.builder("domain1.com").smtpServer(up.host()).smtpPort(up.port())
                        .tls(TlsMode.STARTTLS).caFile(up.tlsCert()).authMethod(AuthMethod.LOGIN)
                        .relayAccount(up.user()).username(up.user()).password(up.password()).build())
                .domain(DomainConfig.builder("mailer.domain1.com").smtpServer("localhost").smtpPort(25)
                        .tls(TlsMode.NONE).authMethod(AuthMethod.NONE).build())
                .mapping(MappingConfig.of("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", up.user()))
                .mapping(MappingConfig.of("general", "contact-general@mailer.domain1.com", "contact-general@domain1.com", up.user()))
                .build();
    }

    /** One delivered file of the Maildir. */
    record Delivered(Path file, String deliveredTo, String header, byte[] bytes) {
        /** @return the first value of a header field, or {@code null} */
        String field(String name) {
            for (String line : header.split("\r?\n(?![ \t])")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    static List<Delivered> maildir(Path dir) throws IOException {
        List<Delivered> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                byte[] b = Files.readAllBytes(f);
                String text = new String(b, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\n\n");
                String header = end < 0 ? text : text.substring(0, end);
                Delivered d = new Delivered(f, null, header, b);
                String to = d.field("Delivered-To");
                out.add(new Delivered(f, to == null ? null : to.toLowerCase(Locale.ROOT), header, b));
            }
        }
        return out;
    }

}
