package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "config", "dns-check", "serve", "bench", "demo", "hash-password", "sendmail", "queue"})
    void help_everyCommand_printsUsageAndExitsZero(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: ssmtp-mailer " + command);
    }

    /** Issue 14 goal 4: a command line that names a subcommand builds only its model, and gets the same usage. */
    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "config", "dns-check", "serve", "bench", "demo", "hash-password", "sendmail",
            "queue", "generate-docs"})
    void commandLine_namingASubcommand_buildsOnlyIt_withTheSameUsage(String command) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine all = Main.commandLine(none, none, CommandLine.defaultFactory());
        CommandLine only = Main.commandLine(none, none, CommandLine.defaultFactory(),
                new String[] {"-v", "--config-dir", "/etc/x", command, "--help"});

        assertThat(only.getSubcommands()).containsOnlyKeys(command);
        assertThat(only.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF))
                .isEqualTo(all.getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertThat(Main.commandLine(none, none, CommandLine.defaultFactory(), new String[] {"help", command})
                .getSubcommands()).containsOnlyKeys(all.getSubcommands().keySet());
        assertThat(Main.commandLine(none, none, CommandLine.defaultFactory(), new String[] {"--help", command})
                .getSubcommands()).containsOnlyKeys(all.getSubcommands().keySet());
    }

    /**
     * Review of issue 14 goal 4: the lazy model against a fixed expectation, taken from the model that
     * {@code @Command(subcommands = ...)} built before, so that anything lost in adding the subcommands by hand
     * (a name, an order, an inherited option) shows. The {@code --config-dir} lines depend on the environment.
     */
    @Test
    void commandLine_lazyModel_isTheOneTheAnnotationBuilt() {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        CommandLine all = Main.commandLine(none, none, CommandLine.defaultFactory());
        CommandLine only = Main.commandLine(none, none, CommandLine.defaultFactory(), new String[] {"hash-password", "--help"});

        assertThat(all.getSubcommands().keySet()).containsExactly("send", "sendmail", "test", "config", "dns-check", "queue",
                "serve", "hash-password", "bench", "demo", "generate-docs", "help");
        assertThat(Main.commandLine(none, none, CommandLine.defaultFactory(), new String[] {"queue", "list"})
                .getSubcommands().get("queue").getSubcommands().keySet()).containsExactly("list", "show", "retry", "purge", "import");
        String usage = only.getSubcommands().get("hash-password").getUsageMessage(CommandLine.Help.Ansi.OFF)
                .replaceAll("(?m)^      --config-dir=DIR.*\n(^ {27}.*\n)*", "");
        assertThat(usage).isEqualTo("""
                Usage: ssmtp-mailer hash-password [-hvV] [--config-dir=DIR] [--cost=N]
                Print the bcrypt hash of a password, {bcrypt}$2a$..., for the password_hash of
                a [user:ADDRESS] section: a client may then log in as that user with AUTH
                (after STARTTLS) and submit mail.
                The password is read from standard input: when standard input and output are a
                terminal it is asked for twice without echo; otherwise the first line is the
                password (its line end removed). It is never taken from the command line.
                Example: ssmtp-mailer hash-password < password-file
                      --cost=N           bcrypt cost, 4-31 (default: 12); each step doubles the
                                           time every login takes to check.
                  -h, --help             Show this help message and exit.
                  -v, --verbose          Print the SMTP protocol trace on stderr (AUTH data
                                           masked).
                  -V, --version          Print version information and exit.

                Exit status:
                    0   success
                   64   usage error: no command, an unknown command or option, a missing or
                          malformed argument (the usage follows)
                   65   bad input: an invalid address or message, a queue id or --domain that
                          does not exist, a permanent (5xx) refusal by the upstream, a DNS
                          record that `dns-check` finds wrong
                   66   an input file (--body-file, --html, --attach) does not exist or cannot
                          be read
                   69   unavailable: the upstream cannot be resolved or reached, or refuses TLS
                          or AUTH; `test` found an account that fails; `bench` had messages
                          refused; `serve` cannot listen; the queue database (queue_backend =
                          postgres) cannot be used
                   70   internal error: a bug, please report it with the message
                   74   input/output error, e.g. the spool cannot be written
                   75   temporary failure: a 4xx reply or a timeout after the session began, a
                          rate limit, a DNS lookup of `dns-check` without an answer; try again
                          later
                   77   permission denied: the relay policy refuses the sender or a recipient,
                          or a file or the spool needs other rights
                   78   configuration error: the configuration directory is missing or has
                          problems (`config --validate` lists them)
                """);
    }

    @Test
    void noArguments_isAUsageErrorListingTheCommands() {
        Cli.Result r = Cli.run();

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ssmtp-mailer: give a command")
                .contains("--config-dir", "send", "test", "config", "dns-check", "bench", "demo");
    }

    @Test
    void unknownCommand_isAUsageError() {
        Cli.Result r = Cli.run("frobnicate");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void missingConfigDir_failsAsConfigurationErrorHintingAtTheOption() {
        Cli.Result r = Cli.run("--config-dir", "/nonexistent/ssmtp-mailer", "test");

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: the configuration directory /nonexistent/ssmtp-mailer does not exist; "
                + "name another with --config-dir DIR or $SSMTP_MAILER_CONFIG_DIR\n");
    }

    @Test
    void configDir_afterTheSubcommand_isTheSameOption() {
        Cli.Result before = Cli.run("--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "config", "--validate");
        Cli.Result after = Cli.run("config", "--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "--validate");

        assertThat(after.status()).as(after.err()).isZero();
        assertThat(after.out()).isEqualTo(before.out()).contains("OK (2 domains");
    }

    @Test
    void configDir_afterANestedSubcommand_isTheSameOption(@TempDir Path dir) {
        Cli.Result r = Cli.run("queue", "list", "--config-dir", dir.resolve("missing").toString());

        assertThat(r.status()).isEqualTo(78);
        assertThat(r.err()).contains("configuration directory " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void verbose_afterTheSubcommand_isAccepted() {
        Cli.Result r = Cli.run("config", "-v", "--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "--validate");

        assertThat(r.status()).as(r.err()).isZero();
    }

    @Test
    void send_missingRecipient_isAUsageErrorWithTheUsage() {
        Cli.Result r = Cli.run("--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "send", "--from",
                "contact-general@mailer.domain1.com", "--subject", "s", "--body", "b");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).startsWith("ssmtp-mailer: send: give at least one --to, --cc or --bcc\n")
                .contains("Usage: ssmtp-mailer send");
    }

    @Test
    void send_invalidAddress_isBadInputInASentenceWithoutAClassName() {
        Cli.Result r = Cli.run("--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "send", "--from",
                "contact-general@mailer.domain1.com", "--to", "not an address", "--subject", "s", "--body", "b");

        assertThat(r.status()).isEqualTo(65);
        assertThat(r.err()).startsWith("ssmtp-mailer: ").hasLineCount(1).contains("not an address")
                .doesNotContain("Exception");
    }

    @Test
    void bench_portOutOfRange_isAUsageErrorWithoutAClassName() {
        Cli.Result r = Cli.run("bench", "--port", "70000");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).startsWith("ssmtp-mailer: bench: port must be 1-65535, was 70000\n")
                .doesNotContain("Exception");
    }

    @Test
    void dnsCheck_malformedResolver_isAUsageError() {
        Cli.Result r = Cli.run("dns-check", "--resolver", "bad:port:x", "domain1.com");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).startsWith("ssmtp-mailer: dns-check: --resolver ").contains("Usage: ssmtp-mailer dns-check");
    }

    @Test
    void serve_listenPortOutOfRange_isAUsageError() {
        Cli.Result r = Cli.run("serve", "--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "--listen", "127.0.0.1:99999",
                "--no-watch");

        assertThat(r.status()).isEqualTo(64);
        assertThat(r.err()).startsWith("ssmtp-mailer: serve: --listen port must be 0-65535, was 99999\n");
    }

    @Test
    void bench_unresolvableHost_saysItCannotResolve() {
        Cli.Result r = Cli.run("bench", "--host", "nowhere.invalid", "--port", "25", "--messages", "2", "--connections", "1");

        assertThat(r.status()).isEqualTo(69);
        assertThat(r.err()).isEqualTo("ssmtp-mailer: bench: 2 of 2 messages refused or not sent, first: "
                + "cannot resolve nowhere.invalid (DNS lookup failed)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "config", "dns-check", "serve", "queue", "bench", "demo"})
    void help_everyCommand_endsWithTheExitStatusTable(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.out()).contains("Exit status:");
        for (ExitStatus s : ExitStatus.values()) {
            assertThat(r.out()).containsPattern("(?m)^ +" + s.code() + " +" + Pattern.quote(s.meaning().substring(0, Math.min(20, s.meaning().length()))));
        }
    }

    @Test
    void operationsDoc_exitStatusTable_isExactlyTheCommandsTable() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        int start = doc.indexOf("## Exit status");
        assertThat(start).as("docs/operations.md has an Exit status section").isNotNegative();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| (.*) \\|$").matcher(doc.substring(start));
        Map<Integer, String> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(Integer.parseInt(row.group(1)), row.group(2));
        }
        Map<Integer, String> defined = new LinkedHashMap<>();
        for (ExitStatus s : ExitStatus.values()) {
            defined.put(s.code(), s.meaning());
        }

        assertThat(documented).containsExactlyEntriesOf(defined);
    }

    @Test
    void version_printsTheProgramName() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ssmtp-mailer ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"send", "test", "config", "dns-check", "serve", "bench", "demo", "hash-password", "sendmail", "queue"})
    void version_everyCommand_printsTheProgramName(String command) {
        Cli.Result r = Cli.run(command, "--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ssmtp-mailer ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send --from contact-general@mailer.domain1.com --to x@example.com --subject s --body b", "test", "serve"})
    void upstreamCommands_passwordEnvNotSetHere_exit78NamingTheVariable(String command, @TempDir Path dir) throws IOException {
        Path tree = FakeUpstream.treeWithUnsetPasswordVariable(dir);
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        String[] args = ("--config-dir " + tree + " " + command).split(" ");

        Cli.Result r = Cli.run(args);

        assertThat(r.status()).as(r.err()).isEqualTo(78);
        assertThat(r.err()).contains("environment variable " + FakeUpstream.UNSET_VARIABLE + " is not set");
    }
}
