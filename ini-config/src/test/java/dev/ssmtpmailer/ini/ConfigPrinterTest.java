package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrinterTest {

    @Test
    void describe_guideTree_printsEveryKeyWithSecretsMasked(@TempDir Path dir) {
        String text = IniConfig.describe(IniConfig.load(Trees.copyOfExample(dir)));

        assertThat(text).doesNotContain("your_gmail_app_password_here");
        assertThat(text).contains("""
                # domains/domain1.com.conf:1
                [domain:domain1.com]
                # role: upstream (not named by default_hostname, a mapping's from_pattern or inbound = true)
                enabled = true
                smtp_server = smtp.gmail.com
                smtp_port = 587
                auth_method = LOGIN
                relay_account = mail-relay@domain1.com
                username = mail-relay@domain1.com
                password = ******
                use_ssl = false
                use_starttls = true
                verify_certificates = true
                forward_from_rewrite = false
                inbound = false
                """);
        assertThat(text).contains("[domain:mailer.domain1.com]\n# role: local (named by default_hostname)\n");
        assertThat(text).startsWith("""
                # ssmtp-mailer.conf:1
                [global]
                default_hostname = mailer.domain1.com
                default_from = noreply@mailer.domain1.com
                """);
        assertThat(text).contains("connection_timeout = 30s\n", "retry_min_backoff = 5m\n", "max_queue_lifetime = 5d\n",
                "trusted_networks = 127.0.0.0/8, 0:0:0:0:0:0:0:1/128\n");
        assertThat(text).contains("""
                # mappings/relay-mappings.conf:25
                [mapping:contact-sales]
                from_pattern = contact-sales@mailer.domain1.com
                to_pattern = contact-sales@domain1.com
                smtp_account = mail-relay@domain1.com
                domain = domain1.com
                """);
    }

    @Test
    void describe_secretSources_printFileAndVariableNamesButNeverValues() {
        RelayConfig config = RelayConfig.builder()
                .domain(DomainConfig.builder("a.com").smtpServer("smtp.a.com").username("u@a.com")
                        .password(Secret.fromEnv("A_PASSWORD", Map.of("A_PASSWORD", "env-secret")::get)).build())
                .domain(DomainConfig.builder("b.com").smtpServer("smtp.b.com").username("u@b.com")
                        .authMethod(AuthMethod.XOAUTH2)
                        .oauth2(OAuth2Settings.refreshGrant(URI.create("https://oauth2.googleapis.com/token"), "id",
                                Secret.of("client-secret"), Secret.of("refresh-secret")))
                        .build())
                .mapping(MappingConfig.of("m", "x@mailer.a.com", "x@a.com", "u@a.com"))
                .build();

        String text = IniConfig.describe(config);

        assertThat(text).contains("password_env = A_PASSWORD\n", "oauth2_client_secret = ******\n",
                "oauth2_refresh_token = ******\n", "oauth2_token_endpoint = https://oauth2.googleapis.com/token\n");
        assertThat(text).doesNotContain("env-secret", "client-secret", "refresh-secret", ".conf");
    }

    @Test
    void describe_databaseUrlCarryingAPassword_printsItMasked() {
        RelayConfig config = RelayConfig.builder()
                .global(g -> g.queueBackend("postgres").databaseUrl("jdbc:postgresql://db/mail?user=r&password=s3cret"))
                .domain(DomainConfig.builder("a.com").smtpServer("smtp.a.com").username("u@a.com")
                        .password(Secret.of("pw")).build())
                .build();

        String text = IniConfig.describe(config);

        assertThat(text).contains("database_url = jdbc:postgresql://db/mail?user=r&password=******\n")
                .doesNotContain("s3cret");
    }

    @Test
    void describe_output_loadsBackToTheSameValues(@TempDir Path dir) {
        RelayConfig original = IniConfig.load(Trees.copyOfExample(dir.resolve("example")));
        String text = IniConfig.describe(original);
        // The printed form is a valid tree of its own (secrets aside): one file holding every section.
        Trees.write(dir, "ssmtp-mailer.conf", text.substring(0, text.indexOf("\n# domains/")));
        Trees.write(dir, "mappings/all.conf", text.substring(text.indexOf("# domains/"))
                .replace("password = ******", "password = your_gmail_app_password_here"));
        Trees.write(dir, "domains/.keep", "");
        Trees.write(dir, "users/.keep", "");

        RelayConfig reloaded = IniConfig.load(dir);

        assertThat(reloaded.global().toBuilder().source(null).sslDir(null).build())
                .isEqualTo(original.global().toBuilder().source(null).sslDir(null).build());
        assertThat(reloaded.domains()).map(d -> d.toBuilder().source(null).build())
                .containsExactlyElementsOf(original.domains().stream().map(d -> d.toBuilder().source(null).build()).toList());
        assertThat(reloaded.mappings()).map(MappingConfig::fromPattern)
                .containsExactlyElementsOf(original.mappings().stream().map(MappingConfig::fromPattern).toList());
    }

}
