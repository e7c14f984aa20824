package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.RelayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IniConfig#readSubmission(Path)}: the same answers as a full load where it answers, and no answer where it
 * cannot be sure. (That its settings equal the full load's, address included, is checked where the listen address
 * rule lives beside it: the cli module's {@code SendmailSettingsTest}.)
 */
class SubmissionReaderTest {
    @TempDir
    Path tmp;

    private Path tree() {
        Path tree = Trees.copyOfExample(tmp.resolve("tree"));
        Trees.write(tree, "domains/mailer.domain1.com.conf", """
                [domain:mailer.domain1.com]
                smtp_server = localhost
                smtp_port = 25
                auth_method = NONE
                use_ssl = false
                use_starttls = false
                listen_address = 127.0.0.1
                listen_port = 2525
                """);
        return tree;
    }

    @Test
    void keyNamesAndDefaults_areCoresOwn() {
        assertThat(List.of(SubmissionReader.DEFAULT_HOSTNAME, SubmissionReader.DEFAULT_FROM, SubmissionReader.MAX_MESSAGE_SIZE,
                SubmissionReader.CONFIG_DIR, SubmissionReader.ENABLED, SubmissionReader.INBOUND, SubmissionReader.SMTP_SERVER,
                SubmissionReader.SMTP_PORT, SubmissionReader.LISTEN_ADDRESS, SubmissionReader.LISTEN_PORT, SubmissionReader.FROM_PATTERN))
                .containsExactly(ConfigKeys.DEFAULT_HOSTNAME.name(), ConfigKeys.DEFAULT_FROM.name(), ConfigKeys.MAX_MESSAGE_SIZE.name(),
                        ConfigKeys.CONFIG_DIR.name(), ConfigKeys.DOMAIN_ENABLED.name(), ConfigKeys.INBOUND.name(),
                        ConfigKeys.SMTP_SERVER.name(), ConfigKeys.SMTP_PORT.name(), ConfigKeys.LISTEN_ADDRESS.name(),
                        ConfigKeys.LISTEN_PORT.name(), ConfigKeys.FROM_PATTERN.name());
        assertThat(SubmissionReader.DIRECTORIES).extracting(SubmissionReader.Directory::key, d -> Path.of(d.byDefault()))
                .containsExactly(
                        tuple(ConfigKeys.DOMAINS_DIR.name(), ConfigKeys.DOMAINS_DIR.defaultValue()),
                        tuple(ConfigKeys.USERS_DIR.name(), ConfigKeys.USERS_DIR.defaultValue()),
                        tuple(ConfigKeys.MAPPINGS_DIR.name(), ConfigKeys.MAPPINGS_DIR.defaultValue()));
        assertThat(SubmissionReader.DEFAULT_HOSTNAME_DEFAULT).isEqualTo(ConfigKeys.DEFAULT_HOSTNAME.defaultValue());
        assertThat(SubmissionReader.MAX_MESSAGE_SIZE_DEFAULT).isEqualTo(ConfigKeys.MAX_MESSAGE_SIZE.defaultValue());
        assertThat(SubmissionReader.SMTP_PORT_DEFAULT).isEqualTo(ConfigKeys.SMTP_PORT.defaultValue());
        assertThat(ConfigKeys.DOMAIN_ENABLED.defaultValue()).isTrue();
        assertThat(ConfigKeys.INBOUND.defaultValue()).isFalse();
    }

    @Test
    void guideTree_withListenKeys_givesTheGlobalSettingsOfAFullLoad() {
        Path tree = tree();
        RelayConfig full = IniConfig.load(tree);

        SubmissionSettings s = IniConfig.readSubmission(tree).orElseThrow();

        assertThat(s).isEqualTo(new SubmissionSettings("127.0.0.1", 2525, full.global().maxMessageSize(),
                full.global().defaultHostname(), full.global().defaultFrom().address()));
    }

    @Test
    void filesTheFullLoadSkips_areSkipped() {
        Path tree = tree();
        Trees.write(tree, "domains/notes.txt", "not ini at all\n");
        Trees.write(tree, "domains/.draft.conf", "[domain:mailer.domain1.com]\nlisten_port = 1\n");

        assertThat(IniConfig.readSubmission(tree).orElseThrow().port()).isEqualTo(2525);
        assertThat(IniConfig.load(tree).domains()).hasSize(2);
    }

    @Test
    void sizeWithSuffix_isReadAsTheFullLoadReadsIt() {
        Path tree = tree();
        Trees.replace(tree, "ssmtp-mailer.conf", "[global]", "[global]\nmax_message_size = 10M");

        assertThat(IniConfig.readSubmission(tree).orElseThrow().maxMessageSize())
                .isEqualTo(IniConfig.load(tree).global().maxMessageSize()).isEqualTo(10L << 20);
    }

    @Test
    void noLocalDomain_givesNothing() {
        Path tree = tree();
        Trees.write(tree, "domains/mailer.domain1.com.conf", "# no local domain here\n");
        Trees.write(tree, "ssmtp-mailer.conf", "[global]\ndefault_hostname = relay.example.org\n");
        Trees.write(tree, "mappings/relay-mappings.conf", "# none\n");

        assertThat(IniConfig.readSubmission(tree)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_message_size = lots", "max_message_size = 10 M", "max_message_size = 0", "max_message_size =",
            "default_from = not an address", "default_hostname =", "stray line without equals sign",
            "default_hostname = twice\ndefault_hostname = again"})
    void globalItCannotBeSureOf_givesNothing(String line) {
        Path tree = tree();
        Trees.replace(tree, "ssmtp-mailer.conf", "[global]", "[global]\n" + line);

        assertThat(IniConfig.readSubmission(tree)).as(line).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"listen_port = 0", "listen_port = 70000", "listen_port = two", "enabled = maybe", "inbound = sometimes"})
    void localDomainItCannotBeSureOf_givesNothing(String line) {
        Path tree = tree();
        Trees.replace(tree, "domains/mailer.domain1.com.conf", "listen_port = 2525", line);

        assertThat(IniConfig.readSubmission(tree)).as(line).isEmpty();
    }

    @Test
    void twoDomainsOfOneName_orAnUnknownSectionKind_giveNothing() {
        Path tree = tree();
        Trees.write(tree, "domains/again.conf", "[domain:MAILER.domain1.com]\nsmtp_server = localhost\n");
        assertThat(IniConfig.readSubmission(tree)).isEmpty();

        Trees.write(tree, "domains/again.conf", "[domian:other]\nsmtp_server = localhost\n");
        assertThat(IniConfig.readSubmission(tree)).isEmpty();
    }

    @Test
    void missingDirectoryOrTree_givesNothing() {
        assertThat(IniConfig.readSubmission(tmp.resolve("absent"))).isEmpty();

        Path tree = tree();
        Trees.deleteRecursively(tree.resolve("users"));
        assertThat(IniConfig.readSubmission(tree)).isEqualTo(Optional.empty());
    }
}
