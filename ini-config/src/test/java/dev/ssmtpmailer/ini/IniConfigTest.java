package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.DomainRole;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.config.UserConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IniConfigTest {
    private static final String DOMAIN1 = "domains/domain1.com.conf";
    private static final String MAPPINGS = "mappings/relay-mappings.conf";
    /** A group number with no entry in /etc/group (Debian's nogroup is Fedora's nobody): set by number. */
    private static final int SERVICE_GID = 54321;

    @TempDir
    Path tmp;
    Path tree;

    @BeforeEach
    void copyGuideTree() {
        tree = Trees.copyOfExample(tmp.resolve("etc-ssmtp-mailer"));
    }

    /** Replaces the main file with one that names the local host and sets {@code keys}, one {@code key = value} a line. */
    private void mainFileWith(String keys) {
        Trees.write(tree, "ssmtp-mailer.conf", "[global]\ndefault_hostname = mailer.domain1.com\n" + keys);
    }

    /** @return how a domain section reaches its server: enabled, server, port, AUTH, relay account, username, TLS */
    private static List<Object> connection(DomainConfig d) {
        return Arrays.asList(d.enabled(), d.smtpServer(), d.smtpPort(), d.authMethod(), d.relayAccount(), d.username(),
                d.tls());
    }

    private static List<String> problemsOf(Path dir) {
        return problemsOf(dir, IniConfigLoader.builder().build());
    }

    private static List<String> problemsOf(Path dir, IniConfigLoader loader) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(dir));
        assertThat(e).as("loading %s should fail", dir).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    // ---------------------------------------------------------------- the guide's tree, as shipped

    @Test
    void load_shippedGuideTree_hasEveryValueAsWritten() {
        RelayConfig c = IniConfig.load(Trees.EXAMPLE);

        GlobalSettings g = c.global();
        assertThat(g.defaultHostname()).isEqualTo("mailer.domain1.com");
        assertThat(g.defaultFrom()).isEqualTo(EmailAddress.parse("noreply@mailer.domain1.com"));
        assertThat(g.sslDir()).isEqualTo(Trees.EXAMPLE.resolve("ssl")); // paths under config_dir follow the tree
        assertThat(g.logFile()).isEqualTo(Path.of("/var/log/ssmtp-mailer.log"));
        assertThat(g.logLevel()).isEqualTo("INFO");
        assertThat(g.maxConnections()).isEqualTo(10);
        assertThat(g.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(g.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(g.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(g.enableRateLimiting()).isTrue();
        assertThat(g.rateLimitPerMinute()).isEqualTo(100);
        // not in the guide: the defaults of design section 5
        assertThat(g.rateLimitPerDay()).isZero();
        assertThat(g.spoolDir()).isEqualTo(Path.of("/var/spool/ssmtp-mailer"));
        assertThat(g.retryMinBackoff()).isEqualTo(Duration.ofSeconds(300));
        assertThat(g.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(4000));
        assertThat(g.maxQueueLifetime()).isEqualTo(Duration.ofDays(5));
        assertThat(g.maxMessageSize()).isEqualTo(25L * 1024 * 1024);
        assertThat(g.trustedNetworks()).containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
        assertThat(g.source().file()).isEqualTo("ssmtp-mailer.conf");

        assertThat(c.domains()).hasSize(2);
        DomainConfig gmail = c.domain("domain1.com").orElseThrow();
        assertThat(connection(gmail)).containsExactly(true, "smtp.gmail.com", 587, AuthMethod.LOGIN,
                "mail-relay@domain1.com", "mail-relay@domain1.com", TlsMode.STARTTLS);
        assertThat(gmail.password().reveal()).isEqualTo("your_gmail_app_password_here");
        assertThat(gmail.verifyCertificates()).isTrue();
        assertThat(gmail.forwardFromRewrite()).isFalse();
        assertThat(DomainRole.of(c, gmail).local()).isFalse();
        assertThat(gmail.source().file()).isEqualTo(DOMAIN1);
        assertThat(gmail.source().lineOf("password")).isEqualTo(8);

        DomainConfig local = c.domain("mailer.domain1.com").orElseThrow();
        assertThat(connection(local)).containsExactly(true, "localhost", 25, AuthMethod.NONE,
                "mail-relay@mailer.domain1.com", null, TlsMode.NONE);
        assertThat(local.password()).isNull();
        assertThat(c.localDomains()).containsExactly(local);
        assertThat(c.upstreamAccounts()).containsExactly(gmail);

        assertThat(c.mappings()).containsExactly(
                mapping("contact-general", 1), mapping("contact-legal", 7), mapping("contact-privacy", 13),
                mapping("contact-support", 19), mapping("contact-sales", 25));

        assertThat(c.users()).hasSize(1);
        UserConfig u = c.users().get(0);
        assertThat(u.address()).isEqualTo("mail-relay@domain1.com");
        assertThat(u.enabled()).isTrue();
        assertThat(u.domain()).isEqualTo("mailer.domain1.com");
        assertThat(u.canSendFrom()).isTrue();
        assertThat(u.canSendTo()).isTrue();
        assertThat(u.templateAddress()).isFalse();
        assertThat(u.allowedDomains()).containsExactly("domain1.com");
    }

    private static MappingConfig mapping(String name, int line) {
        return new MappingConfig(name, name + "@mailer.domain1.com", name + "@domain1.com", "mail-relay@domain1.com",
                "domain1.com", new dev.ssmtpmailer.config.SourceLocation(MAPPINGS, line, "mapping:" + name,
                        Map.of("from_pattern", line + 1, "to_pattern", line + 2, "smtp_account", line + 3, "domain", line + 4)));
    }

    @Test
    void load_copiedTree_readsItsOwnDirectoriesNotEtc() {
        Trees.replace(tree, MAPPINGS, "to_pattern = contact-sales@domain1.com", "to_pattern = sales@domain1.com");

        RelayConfig c = IniConfig.load(tree);

        assertThat(c.mappings().get(4).toPattern()).isEqualTo("sales@domain1.com");
        assertThat(c.global().sslDir()).isEqualTo(tree.resolve("ssl"));
    }

    @Test
    void load_relativeDirectory_isResolvedAgainstTheConfigDir() throws IOException {
        Files.move(tree.resolve("mappings"), tree.resolve("maps"));
        Trees.replace(tree, "ssmtp-mailer.conf", "mappings_dir = /etc/ssmtp-mailer/mappings", "mappings_dir = maps");

        assertThat(IniConfig.load(tree).mappings()).hasSize(5);
    }

    @Test
    void load_dollarBraces_areNeverExpanded() {
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password = ${sys:user.home}${env:HOME}");

        RelayConfig c = IniConfig.load(tree);

        assertThat(c.domain("domain1.com").orElseThrow().password().reveal()).isEqualTo("${sys:user.home}${env:HOME}");
    }

    @Test
    void load_addedKeys_areReadWithTheirTypes() {
        mainFileWith("""
                config_dir = /etc/ssmtp-mailer
                spool_dir = /etc/ssmtp-mailer/spool
                rate_limit_per_day = 2000
                retry_min_backoff = 5m
                retry_max_backoff = 2h
                max_queue_lifetime = 3d
                connection_timeout = 45s
                max_message_size = 10M
                trusted_networks = 10.0.0.0/8, ::1/128
                """);
        Trees.write(tree, "domains/relay2.conf", """
                [domain:domain2.com]
                smtp_server = smtp.domain2.com
                smtp_port = 465
                use_ssl = yes
                auth_method = plain
                username = relay@domain2.com
                password_env = RELAY2_PASSWORD
                ca_file = ssl/ca.pem
                verify_certificates = off
                rate_limit_per_minute = 20
                rate_limit_per_day = 500
                max_connections = 2
                forward_from_rewrite = on
                """);
        Trees.write(tree, "ssl/ca.pem", "-----BEGIN CERTIFICATE-----\n");

        RelayConfig c = IniConfigLoader.builder().environment(Map.of("RELAY2_PASSWORD", "s3cret")::get).build().load(tree);

        GlobalSettings g = c.global();
        assertThat(g.spoolDir()).isEqualTo(tree.resolve("spool"));
        assertThat(g.rateLimitPerDay()).isEqualTo(2000);
        assertThat(g.retryMinBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(g.retryMaxBackoff()).isEqualTo(Duration.ofHours(2));
        assertThat(g.maxQueueLifetime()).isEqualTo(Duration.ofDays(3));
        assertThat(g.connectionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(g.maxMessageSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(g.trustedNetworks()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"));
        DomainConfig d = c.domain("domain2.com").orElseThrow();
        assertThat(d.tls()).isEqualTo(TlsMode.IMPLICIT);
        assertThat(d.authMethod()).isEqualTo(AuthMethod.PLAIN);
        assertThat(d.password().reveal()).isEqualTo("s3cret");
        assertThat(d.caFile()).isEqualTo(tree.resolve("ssl/ca.pem"));
        assertThat(d.verifyCertificates()).isFalse();
        assertThat(d.rateLimitPerMinute()).isEqualTo(20);
        assertThat(d.rateLimitPerDay()).isEqualTo(500);
        assertThat(d.maxConnections()).isEqualTo(2);
        assertThat(d.forwardFromRewrite()).isTrue();
    }

    @Test
    void load_serverLimits_readFromGlobal() {
        mainFileWith("""
                server_max_connections = 40
                server_hard_error_limit = 5
                server_soft_error_limit = 3
                server_error_delay = 2s
                server_write_timeout = 1m
                server_max_session_time = 2h
                server_max_commands = 500
                """);

        ServerLimits l = IniConfig.load(tree).global().serverLimits();

        // the per-client cap follows the total; what the file does not set keeps its default
        assertThat(l).isEqualTo(ServerLimits.builder().maxConnections(40).maxConnectionsPerClient(20).hardErrorLimit(5)
                .softErrorLimit(3).errorDelay(Duration.ofSeconds(2)).writeTimeout(Duration.ofMinutes(1))
                .maxSessionTime(Duration.ofHours(2)).maxCommandsPerSession(500).build());
    }

    @Test
    void load_inconsistentServerLimits_eachNamed() {
        mainFileWith("""
                server_max_connections = 4
                server_max_connections_per_client = 8
                server_hard_error_limit = 5
                server_soft_error_limit = 8
                """);

        assertThat(problemsOf(tree)).containsExactly(
                "ssmtp-mailer.conf:4: [global] server_max_connections_per_client: must not exceed server_max_connections (4), was 8",
                "ssmtp-mailer.conf:6: [global] server_soft_error_limit: must not exceed server_hard_error_limit (5), was 8");
    }

    @Test
    void load_serverDurationsBeyondTheirBound_eachNamedWithItsRange() {
        mainFileWith("""
                server_error_delay = 999999999999d
                server_idle_timeout = 0s
                server_write_timeout = 61m
                server_max_session_time = 999999999999d
                """);

        assertThat(problemsOf(tree)).containsExactly(
                "ssmtp-mailer.conf:3: [global] server_error_delay: must be at most 1h, was 999999999999d",
                "ssmtp-mailer.conf:4: [global] server_idle_timeout: must be a positive duration and at most 1h, was 0s",
                "ssmtp-mailer.conf:5: [global] server_write_timeout: must be at most 1h, was 61m",
                "ssmtp-mailer.conf:6: [global] server_max_session_time: must be at most 1d, was 999999999999d");
    }

    @Test
    void load_authFailureLimit_readFromGlobal_andOutOfRangeValuesNamed() {
        mainFileWith("""
                server_auth_failure_limit = 3
                server_auth_failure_window = 10m
                """);
        ServerLimits l = IniConfig.load(tree).global().serverLimits();
        assertThat(l.authFailureLimit()).isEqualTo(3);
        assertThat(l.authFailureWindow()).isEqualTo(Duration.ofMinutes(10));

        mainFileWith("""
                server_auth_failure_limit = -1
                server_auth_failure_window = 0s
                """);
        assertThat(problemsOf(tree)).containsExactly(
                "ssmtp-mailer.conf:3: [global] server_auth_failure_limit: must be between 0 (no limit) and 100, was -1",
                "ssmtp-mailer.conf:4: [global] server_auth_failure_window: must be a positive duration and at most 1d, was 0s");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "yes,true", "on,true", "1,true", "TRUE,true", "Off,false", "no,false", "0,false", "false,false"})
    void load_booleanSpellings_areAccepted(String written, boolean expected) {
        Trees.replace(tree, "users/mail-relay@domain1.com.conf", "can_send_to = true", "can_send_to = " + written);

        assertThat(IniConfig.load(tree).users().get(0).canSendTo()).isEqualTo(expected);
    }

    @Test
    void load_secretFiles_andOAuth2Keys() throws IOException {
        Path secret = Trees.write(tree, "secrets/gmail", "app-password-from-file\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password_file = /etc/ssmtp-mailer/secrets/gmail");
        Trees.write(tree, "domains/oauth.conf", """
                [domain:domain3.com]
                smtp_server = smtp.gmail.com
                auth_method = XOAUTH2
                username = relay@domain3.com
                oauth2_token_endpoint = https://oauth2.googleapis.com/token
                oauth2_client_id = client-1
                oauth2_client_secret = cs
                oauth2_refresh_token_file = secrets/gmail
                """);

        RelayConfig c = IniConfig.load(tree);

        assertThat(c.domain("domain1.com").orElseThrow().password().reveal()).isEqualTo("app-password-from-file");
        var o = c.domain("domain3.com").orElseThrow().oauth2();
        assertThat(o.usesRefreshGrant()).isTrue();
        assertThat(o.clientId()).isEqualTo("client-1");
        assertThat(o.clientSecret().reveal()).isEqualTo("cs");
        assertThat(o.refreshToken().file()).contains(secret);
    }

    // ---------------------------------------------------------------- broken trees: exact file:line and message

    @Test
    void load_emptyTrustedNetworks_trustsNoNetwork() {
        Trees.replace(tree, "ssmtp-mailer.conf", "[global]\n", "[global]\ntrusted_networks =\n");

        assertThat(IniConfig.load(tree).global().trustedNetworks()).isEmpty();
    }

    /**
     * One wrong value in the shipped tree, and the one problem it must give: with its file, line, section and key,
     * saying what is accepted. Each case is {@code (file, text, replacement, problem)}.
     */
    static Stream<Arguments> singleProblems() {
        return Stream.of(
                argumentSet("port not a number",
                        DOMAIN1, "smtp_port = 587", "smtp_port = 58x7",
                        "domains/domain1.com.conf:4: [domain:domain1.com] smtp_port: must be a whole number, was '58x7'"),
                argumentSet("port out of range: reported by core, with the line",
                        DOMAIN1, "smtp_port = 587", "smtp_port = 70000",
                        "domains/domain1.com.conf:4: [domain:domain1.com] smtp_port: must be between 1 and 65535, was 70000"),
                argumentSet("missing required key: the section header line",
                        DOMAIN1, "smtp_server = smtp.gmail.com\n", "",
                        "domains/domain1.com.conf:1: [domain:domain1.com] smtp_server: is required"),
                argumentSet("wrong boolean: the accepted spellings named",
                        "users/mail-relay@domain1.com.conf", "can_send_from = true", "can_send_from = sometimes",
                        "users/mail-relay@domain1.com.conf:4: [user:mail-relay@domain1.com] "
                        + "can_send_from: must be a boolean (true/false, yes/no, on/off, 1/0), was 'sometimes'"),
                argumentSet("password_hash of an unknown scheme: its line, without repeating it",
                        "users/mail-relay@domain1.com.conf", "can_send_from = true",
                        "can_send_from = true\npassword_hash = {sha512}c2VjcmV0",
                        "users/mail-relay@domain1.com.conf:5: [user:mail-relay@domain1.com] "
                        + "password_hash: has an unknown scheme {sha512}; the supported one is {bcrypt} (make a hash with "
                        + "`ssmtp-mailer hash-password`)"),
                argumentSet("wrong duration: the accepted forms named",
                        "ssmtp-mailer.conf", "read_timeout = 60", "read_timeout = 1 minute",
                        "ssmtp-mailer.conf:22: [global] read_timeout: must be a duration: "
                        + "seconds, or a number with s, m, h or d (30, 30s, 5m, 2h, 5d), was '1 minute'"),
                argumentSet("use_ssl and use_starttls both true: both keys named",
                        DOMAIN1, "use_ssl = false", "use_ssl = true",
                        "domains/domain1.com.conf:9: [domain:domain1.com] use_ssl: "
                        + "use_ssl = true and use_starttls = true exclude each other: use_ssl is TLS from the first byte (port 465), "
                        + "use_starttls upgrades a plain connection (port 587); set one to false"),
                argumentSet("mapping to an unknown account: the known ones listed",
                        MAPPINGS, "smtp_account = mail-relay@domain1.com\ndomain = domain1.com\n\n[mapping:contact-privacy]",
                        "smtp_account = nobody@domain1.com\ndomain = domain1.com\n\n[mapping:contact-privacy]",
                        "mappings/relay-mappings.conf:10: [mapping:contact-legal] smtp_account: "
                        + "'nobody@domain1.com' matches no enabled [domain:...] relay_account or username "
                        + "(known: mail-relay@domain1.com, mail-relay@mailer.domain1.com)"),
                argumentSet("a key twice: the first line named",
                        DOMAIN1, "auth_method = LOGIN", "smtp_port = 465",
                        "domains/domain1.com.conf:5: [domain:domain1.com] smtp_port: is set twice in this section (first at line 4)"),
                argumentSet("[global] twice",
                        "ssmtp-mailer.conf", "# Logging configuration", "[global]",
                        "ssmtp-mailer.conf:15: [global] [global] is defined twice (first at line 1)"),
                argumentSet("password and password_env both set",
                        DOMAIN1, "use_ssl = false", "password_env = GMAIL_PASSWORD",
                        "domains/domain1.com.conf:9: [domain:domain1.com] password_env: "
                        + "cannot be combined with password (line 8); set only one of password, password_file, password_env"),
                argumentSet("password_file naming a device: refused, not read forever",
                        DOMAIN1, "password = your_gmail_app_password_here", "password_file = /dev/zero",
                        "domains/domain1.com.conf:8: [domain:domain1.com] password_file: "
                        + "secret file /dev/zero is not a regular file"));
    }

    @ParameterizedTest
    @MethodSource("singleProblems")
    void load_oneWrongValue_oneProblemNamingFileLineSectionAndKey(String file, String text, String replacement,
                                                                   String problem) {
        Trees.replace(tree, file, text, replacement);

        assertThat(problemsOf(tree)).containsExactly(problem);
    }

    @Test
    void load_unknownKey_suggestsTheClosest() {
        Trees.replace(tree, DOMAIN1, "smtp_port = 587", "smtp_prot = 587");
        Trees.replace(tree, "ssmtp-mailer.conf", "rate_limit_per_minute = 100", "rate_limit_per_minut = 100");

        assertThat(problemsOf(tree)).containsExactly(
                "ssmtp-mailer.conf:27: [global] rate_limit_per_minut: unknown key; did you mean 'rate_limit_per_minute'?",
                "domains/domain1.com.conf:4: [domain:domain1.com] smtp_prot: unknown key; did you mean 'smtp_port'?");
    }

    /** A file added to the shipped tree, and the problems it must give. Each case is {@code (file, text, problems)}. */
    static Stream<Arguments> addedFileProblems() {
        return Stream.of(
                argumentSet("unknown section kinds: the closest suggested",
                        "domains/extra.conf", "# extra\n[domian:domain2.com]\nsmtp_server = x\n\n[Global]\n",
                        List.of("domains/extra.conf:2: [domian:domain2.com] unknown section kind 'domian'; did you mean [domain:...]?",
                                "domains/extra.conf:5: [Global] unknown section kind 'Global'; did you mean [global]?")),
                argumentSet("a section without a name, and [global] outside the main file",
                        "mappings/bad.conf", "[mapping:]\nfrom_pattern = a@b.c\n[global]\n",
                        List.of("mappings/bad.conf:1: [mapping:] needs a name, as in [mapping:contact-sales]",
                                "mappings/bad.conf:3: [global] [global] belongs in ssmtp-mailer.conf only")),
                argumentSet("two mappings of the same from_pattern: both named",
                        "mappings/z-more.conf", """
                        [mapping:sales-again]
                        from_pattern = Contact-Sales@mailer.domain1.com
                        to_pattern = sales@domain1.com
                        smtp_account = mail-relay@domain1.com
                        """,
                        List.of("mappings/z-more.conf:2: [mapping:sales-again] from_pattern: "
                                + "'Contact-Sales@mailer.domain1.com' is already mapped by [mapping:contact-sales] "
                                + "(first at mappings/relay-mappings.conf:25)")),
                argumentSet("a section defined again in another file: the first named",
                        "mappings/z-more.conf", """
                        [mapping:contact-sales]
                        from_pattern = sales@mailer.domain1.com
                        to_pattern = sales@domain1.com
                        smtp_account = mail-relay@domain1.com
                        """,
                        List.of("mappings/z-more.conf:1: [mapping:contact-sales] "
                                + "mapping 'contact-sales' is defined more than once (first at mappings/relay-mappings.conf:25)")),
                argumentSet("a file over 1 MiB: refused unread",
                        "mappings/huge.conf", "#".repeat(IniReader.MAX_BYTES) + "\n",
                        List.of("mappings/huge.conf: is 1048577 bytes, larger than the limit of 1 MiB; refused")));
    }

    @ParameterizedTest
    @MethodSource("addedFileProblems")
    void load_addedFile_itsProblemsInLineOrder(String file, String text, List<String> problems) {
        Trees.write(tree, file, text);

        assertThat(problemsOf(tree)).containsExactlyElementsOf(problems);
    }

    @Test
    void load_emptyTrustedNetworks_trustsNoClient() {
        Trees.replace(tree, "ssmtp-mailer.conf", "read_timeout = 60", "read_timeout = 60\ntrusted_networks =");

        assertThat(IniConfig.load(tree).global().trustedNetworks()).isEmpty();
    }

    @Test
    void load_passwordHash_isReadAndPrintedMasked() {
        String hash = "{bcrypt}$2a$04$xn3e.h3dCZlZd1HZ0dGkquF5a0zDAAKB3mz9o4upCQ1/Xx9sNAevi";
        Trees.replace(tree, "users/mail-relay@domain1.com.conf", "can_send_from = true",
                "can_send_from = true\npassword_hash = " + hash);

        RelayConfig config = IniConfig.load(tree);

        assertThat(config.users().get(0).passwordHash().value()).isEqualTo(hash);
        assertThat(IniConfig.describe(config)).contains("password_hash = ******").doesNotContain("xn3e");
    }

    @Test
    void load_unreadableFiles_areReportedWithoutStoppingTheRest() throws IOException {
        Files.createSymbolicLink(tree.resolve("domains/dangling.conf"), tree.resolve("nowhere.conf"));
        Files.createDirectories(tree.resolve("users/folder.conf"));
        Trees.replace(tree, DOMAIN1, "smtp_port = 587", "smtp_port = x");

        assertThat(problemsOf(tree)).containsExactly(
                "domains/dangling.conf: cannot read: it is a symbolic link to a file that does not exist",
                "domains/domain1.com.conf:4: [domain:domain1.com] smtp_port: must be a whole number, was 'x'",
                "users/folder.conf: cannot read: not a regular file");
    }

    @Test
    void load_missingDirectory_pointsAtItsKey() throws IOException {
        Trees.deleteRecursively(tree.resolve("users"));

        assertThat(problemsOf(tree)).containsExactly("ssmtp-mailer.conf:11: [global] users_dir: directory 'users' does not exist");
    }

    @Test
    void load_missingDefaultDirectory_saysItIsTheDefault() {
        mainFileWith("");
        Trees.deleteRecursively(tree.resolve("users"));

        assertThat(problemsOf(tree)).containsExactly("ssmtp-mailer.conf:1: [global] users_dir: "
                + "directory 'users' does not exist (the default; set users_dir to move it)");
    }

    @Test
    void load_missingMainFileAndConfigDir_areReported() throws IOException {
        Files.delete(tree.resolve("ssmtp-mailer.conf"));
        assertThat(problemsOf(tree)).containsExactly("ssmtp-mailer.conf: file does not exist");

        assertThatThrownBy(() -> IniConfig.load(tmp.resolve("absent")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: " + tmp.resolve("absent") + ": the configuration directory does not exist");
    }

    @Test
    void load_passwordEnvNotSet_isReportedAtItsKey() {
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password_env = GMAIL_PASSWORD");

        assertThat(problemsOf(tree, IniConfigLoader.builder().environment(Map.<String, String>of()::get).build()))
                .containsExactly("domains/domain1.com.conf:8: [domain:domain1.com] password_env: "
                        + "environment variable GMAIL_PASSWORD is not set");
    }

    @Test
    void load_passwordEnvNotSetWithUnsetVariables_warnsAtItsKeyAndLoads() {
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password_env = GMAIL_PASSWORD");
        List<ConfigProblem> warnings = new ArrayList<>();

        RelayConfig config = IniConfigLoader.builder().environment(Map.<String, String>of()::get).unsetVariables(warnings::add)
                .build().load(tree);

        assertThat(config.domain("domain1.com")).isPresent();
        assertThat(warnings).extracting(ConfigProblem::toString).containsExactly(
                "domains/domain1.com.conf:8: [domain:domain1.com] password_env: environment variable GMAIL_PASSWORD is not set");
    }

    @Test
    void loadGlobal_brokenDomainFileAndUnsetPasswordEnv_readsGlobalAlone() throws IOException {
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password_env = SSMTP_NO_SUCH_VARIABLE_1");
        Files.writeString(tree.resolve("domains/broken.conf"), "this is not ini\n");

        assertThatThrownBy(() -> IniConfig.load(tree)).isInstanceOf(ConfigException.class);
        RelayConfig global = IniConfig.loadGlobal(tree);

        assertThat(global.global().spoolDir()).isEqualTo(IniConfig.readGlobal(tree).spoolDir()).isNotNull();
        assertThat(global.domains()).isEmpty();
        assertThat(global.users()).isEmpty();
        assertThat(global.mappings()).isEmpty();
    }

    @Test
    void loadGlobal_problemInGlobal_isReportedAtItsLine() {
        Trees.replace(tree, "ssmtp-mailer.conf", "max_connections = 10", "max_connections = ten");

        assertThatThrownBy(() -> IniConfig.loadGlobal(tree)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssmtp-mailer.conf:").hasMessageContaining("[global] max_connections");
    }

    @Test
    void load_manyProblems_areAllReportedAtOnceInFileAndLineOrder() {
        Trees.replace(tree, "ssmtp-mailer.conf", "max_connections = 10", "max_connections = ten");
        Trees.replace(tree, DOMAIN1, "use_starttls = true", "use_starttls = perhaps");
        Trees.replace(tree, DOMAIN1, "enabled = true", "enabled = true\nthis line is wrong");
        Trees.replace(tree, MAPPINGS, "to_pattern = contact-support@domain1.com", "to_pattern = contact support@domain1.com");
        Trees.replace(tree, "users/mail-relay@domain1.com.conf", "allowed_domains = domain1.com", "allowed_domain = domain1.com");

        assertThat(problemsOf(tree)).containsExactly(
                "ssmtp-mailer.conf:20: [global] max_connections: must be a whole number, was 'ten'",
                "domains/domain1.com.conf:3: [domain:domain1.com] expected 'key = value', a [section] header or a comment, "
                        + "found 'this...'",
                "domains/domain1.com.conf:11: [domain:domain1.com] use_starttls: must be a boolean (true/false, yes/no, "
                        + "on/off, 1/0), was 'perhaps'",
                "users/mail-relay@domain1.com.conf:7: [user:mail-relay@domain1.com] allowed_domain: unknown key; "
                        + "did you mean 'allowed_domains'?",
                "mappings/relay-mappings.conf:21: [mapping:contact-support] to_pattern: invalid address "
                        + "'contact support@domain1.com': whitespace is not allowed in an address");
    }

    // ---------------------------------------------------------------- secrets: permissions, masking

    @Test
    void load_secretReadableByOthers_warnsOncePerFileNamingIt() throws IOException {
        Path domainFile = tree.resolve(DOMAIN1);
        Files.setPosixFilePermissions(domainFile, PosixFilePermissions.fromString("rw-r--r--"));
        Path secret = Trees.write(tree, "secrets/token", "t\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        Trees.write(tree, "domains/oauth.conf", """
                [domain:domain3.com]
                smtp_server = smtp.gmail.com
                auth_method = XOAUTH2
                username = relay@domain3.com
                oauth2_access_token_file = secrets/token
                """);
        Files.setPosixFilePermissions(tree.resolve("domains/oauth.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new ArrayList<>();
        IniConfigLoader loader = IniConfigLoader.builder().warnings(warnings::add).build();

        loader.load(tree);
        loader.load(tree);

        assertThat(warnings).containsExactly(
                "domains/domain1.com.conf holds a secret and can be read by its group and others (rw-r--r--); "
                        + "restrict it, e.g. chmod 600 " + domainFile.toRealPath() + OR_THE_SERVICES_GROUP,
                "secrets/token holds a secret and can be read by its group (rw-r-----); restrict it, e.g. chmod 600 "
                        + secret.toRealPath() + OR_THE_SERVICES_GROUP);
    }

    /** The advice's end: a root-owned file the service reads through its group (the install docs' 640). */
    private static final String OR_THE_SERVICES_GROUP = " (or chown root:GROUP and chmod 640 for a service that runs with"
            + " the group GROUP, and load the tree as that service's user)";

    @Test
    void load_secretOfRootReadableByTheLoadersGroupOnly_noWarning() throws IOException {
        Path domainFile = rootsWithGroup(SERVICE_GID, "rw-r-----");
        List<String> warnings = new ArrayList<>();

        IniConfigLoader.builder().warnings(warnings::add).loaderGid(SERVICE_GID).build().load(tree);
        Files.setPosixFilePermissions(domainFile, PosixFilePermissions.fromString("rw-r--r--"));
        IniConfigLoader.builder().warnings(warnings::add).loaderGid(SERVICE_GID).build().load(tree);

        assertThat(warnings).singleElement().asString().contains("can be read by its group and others");
    }

    @ParameterizedTest(name = "loader gid {0}")
    @ValueSource(ints = {SERVICE_GID + 1, 0, -1})
    void load_secretOfRootReadableByAnotherGroupThanTheLoaders_warns(int loaderGid) throws IOException {
        rootsWithGroup(SERVICE_GID, "rw-r-----");
        List<String> warnings = new ArrayList<>();

        IniConfigLoader.builder().warnings(warnings::add).loaderGid(loaderGid).build().load(tree);

        assertThat(warnings).singleElement().asString().contains("can be read by its group (rw-r-----)");
    }

    @Test
    void load_secretOfRootAndRootsGroupLoadedAsRoot_warns() throws IOException {
        rootsWithGroup(0, "rw-r-----");
        List<String> warnings = new ArrayList<>();

        IniConfigLoader.builder().warnings(warnings::add).loaderGid(0).build().load(tree);

        assertThat(warnings).singleElement().asString().contains("can be read by its group (rw-r-----)");
    }

    private Path rootsWithGroup(int gid, String perms) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a file another group");
        Path domainFile = tree.resolve(DOMAIN1);
        Files.setAttribute(domainFile, "unix:gid", gid);
        Files.setPosixFilePermissions(domainFile, PosixFilePermissions.fromString(perms));
        return domainFile;
    }

    @Test
    void load_secretFilesPrivate_noWarning() throws IOException {
        Files.setPosixFilePermissions(tree.resolve(DOMAIN1), PosixFilePermissions.fromString("rw-------"));
        List<String> warnings = new ArrayList<>();

        IniConfigLoader.builder().warnings(warnings::add).build().load(tree);

        assertThat(warnings).isEmpty();
    }

    @Test
    void configException_neverContainsAnInlineSecret() {
        Trees.replace(tree, DOMAIN1, "password = your_gmail_app_password_here", "password = hunter2-secret");
        Trees.replace(tree, DOMAIN1, "smtp_port = 587", "smtp_port = -1");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> IniConfig.load(tree));

        assertThat(e.getMessage()).contains("smtp_port").doesNotContain("hunter2-secret");
        assertThat(Secret.of("x").toString()).isEqualTo("******");
    }
}
