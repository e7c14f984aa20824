package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.server.MailerService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The fast start: it hands the message to a running serve itself, and gives every other case back to the whole
 * command with the input it read, so that the whole command behaves as if it had run alone (SendmailCommandTest).
 */
class SendmailFastPathTest {
    private static final String MAIL = "From: contact-general@mailer.domain1.com\nTo: ops@example.com\nSubject: fast\n\nbody\n.\nafter the dot\n";

    /** The upstream that direct delivery and serve's workers deliver to; closed after each test. */
    private final FakeUpstream upstream = new FakeUpstream();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path dir;
    private Path tree;
    private Path deadLetter;

    @BeforeEach
    void writeTree() throws IOException {
        tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
        deadLetter = dir.resolve("dead.letter");
    }

    @AfterEach
    void closeUpstream() {
        upstream.close();
    }

    private SendmailFastPath fastPath(String stdin) {
        return new SendmailFastPath(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), deadLetter,
                new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private OptionalInt run(SendmailFastPath fast, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config-dir";
        all[1] = tree.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return fast.run(all, null);
    }

    private void awaitDelivered(int n) throws InterruptedException {
        for (int i = 0; i < 300 && upstream.received.size() < n; i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void serveRunning_handsTheMessageOverItself() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
            OptionalInt status = run(fastPath(MAIL), "-t", "-v");

            assertThat(status).as(err.toString()).hasValue(0);
            assertThat(serve.port()).isPositive();
            assertThat(err.toString()).contains("C: MAIL FROM:<contact-general@mailer.domain1.com>", "C: RCPT TO:<ops@example.com>");
            assertThat(out.toString()).startsWith("sendmail: handed to serve: 250");
            awaitDelivered(1);
            assertThat(upstream.received).singleElement().asString().startsWith("contact-general@domain1.com -> ops@example.com")
                    .contains("Date: ", "Message-ID: <", "body").doesNotContain("after the dot");
        }
    }

    @Test
    void serveRefuses_endsHereWith77AndTheMessageInDeadLetter() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
            OptionalInt status = run(fastPath("Subject: x\n\nrefused body\n"), "-f", "stranger@elsewhere.org", "a@example.com");

            assertThat(status).hasValue(77);
            assertThat(serve.port()).isPositive();
            assertThat(err.toString()).startsWith("ssmtp-mailer: sendmail: serve refused the message: 5")
                    .contains("saved in " + deadLetter).hasLineCount(1);
            assertThat(Files.readString(deadLetter)).contains("refused body");
        }
    }

    @Test
    void sendmailAfterGlobalOptions_takesTheFastPath_withTheWholeCommandsStatusAndDeadLetter() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
            String[] refused = {"--config-dir", tree.toString(), "sendmail", "-f", "stranger@elsewhere.org", "a@example.com"};
            OptionalInt status = fastPath("Subject: x\n\nrefused body\n").run(Launcher.sendmailArguments(refused), null);

            assertThat(status).hasValue(77);
            String fastErr = err.toString();
            assertThat(Files.readString(deadLetter)).contains("refused body");
            Files.delete(deadLetter);
            Cli.Result whole = Cli.run(made -> { // the picocli path, as Launcher runs it when the fast path declines
                if (made instanceof SendmailCommand c) {
                    c.stdin = new ByteArrayInputStream("Subject: x\n\nrefused body\n".getBytes(StandardCharsets.UTF_8));
                    c.deadLetter = deadLetter;
                }
            }, refused);
            assertThat(whole.status()).isEqualTo(77);
            assertThat(whole.err()).isEqualTo(fastErr);
            assertThat(Files.readString(deadLetter)).contains("refused body");

            String[] verbose = {"-v", "--config-dir", tree.toString(), "sendmail", "-t"};
            assertThat(fastPath(MAIL).run(Launcher.sendmailArguments(verbose), null)).hasValue(0);
            assertThat(out.toString()).startsWith("sendmail: handed to serve: 250");
            assertThat(err.toString()).contains("C: RCPT TO:<ops@example.com>");
            assertThat(serve.port()).isPositive();
        }
    }

    @Test
    void configDirNamedSendmail_beforeTheCommand_endsWithPicoclisUsageError_notAFastSend() throws Exception {
        // ./sendmail is a readable tree and its serve answers, so the fast path could send; picocli refuses a
        // subcommand's name as --config-dir's value, so the whole command ends with 64 and so must the launcher
        Path named = upstream.writeTree(dir.resolve("sendmail"), FakeUpstream.PASSWORD);
        FakeUpstream.addServe(named, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(named))) {
            for (String form : List.of("--config-dir sendmail sendmail -t", "--config-dir=sendmail sendmail -t")) {
                String[] command = form.split(" ");
                assertThat(launchIn(dir, command)).as(form).isEqualTo(64);
                assertThat(Cli.run(command).status()).as(form).isEqualTo(64);
            }
            assertThat(serve.port()).isPositive();
        }
    }

    /** @return the exit status of the jar's entry point ({@link Launcher}) run in {@code cwd} on {@code command} */
    private static int launchIn(Path cwd, String... command) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + cwd, "-cp", System.getProperty("java.class.path"), Launcher.class.getName())); // its dead.letter
        java.addAll(Arrays.asList(command));
        ProcessBuilder builder = new ProcessBuilder(java).directory(cwd.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = builder.start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(MAIL.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not end within 60 s: " + java);
        }
        return p.exitValue();
    }

    @Test
    void noServe_givesBackTheInputItRead_andTheWholeCommandDeliversDirectly() throws Exception {
        SendmailFastPath fast = fastPath(MAIL);

        OptionalInt status = run(fast, "-t");

        assertThat(status).isEmpty();
        assertThat(out.toString() + err.toString()).isEmpty();
        assertThat(fast.input().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo(MAIL);
        SendmailFastPath again = fastPath(MAIL);
        assertThat(run(again, "-t")).isEmpty();
        Cli.Result whole = Cli.run(givenBack(again), "--config-dir", tree.toString(), "sendmail", "-t");
        assertThat(whole.status()).as(whole.err()).isZero();
        assertThat(upstream.received).singleElement().asString().contains("body").doesNotContain("after the dot");
    }

    @Test
    void messageItWouldRefuse_isGivenBackForTheWholeCommandToRefuse() throws Exception {
        FakeUpstream.addServe(tree, dir.resolve("spool"));
        try (MailerService serve = MailerService.start(IniConfig.load(tree))) {
            SendmailFastPath fast = fastPath("From: contact-general@mailer.domain1.com\nSubject: lost?\n\nkeep me\n");

            assertThat(run(fast)).isEmpty();
            assertThat(serve.port()).isPositive();
            assertThat(deadLetter).doesNotExist(); // the whole command saves it, once
            Cli.Result whole = Cli.run(givenBack(fast), "--config-dir", tree.toString(), "sendmail");
            assertThat(whole.status()).isEqualTo(65);
            assertThat(whole.err()).startsWith("ssmtp-mailer: sendmail: no recipients").hasLineCount(1);
            assertThat(Files.readString(deadLetter)).contains("keep me");
        }
    }

    /** As {@link Launcher} hands over to the whole command: the input the fast path read; and the test's dead.letter. */
    private Consumer<Object> givenBack(SendmailFastPath fast) {
        return made -> {
            if (made instanceof SendmailCommand s) {
                s.stdin = fast.input();
                s.deadLetter = deadLetter;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"-FCronDaemon -i -B8BITMIME -oem -oi -t", "-t -i -f www@x.org --config-dir=/srv/etc -- a@x.org,b@x.org -c@x.org",
            "-r a@x.org -v b@x.org", "-oi -odi -oee -odb -om -U -bm -B 7BIT -F Ops a@x.org", "a@x.org -t --config-dir /srv -f b@x.org",
            "-t -t -i -oi", "-f a@x.org -f b@x.org c@x.org", "--verbose -Fname -rsender@x.org"})
    void parse_readsWhatPicocliReads(String args) {
        String[] argv = args.split(" ");
        CommandLine.ParseResult picocli = Main.commandLine(new PrintWriter(out), new PrintWriter(err), CommandLine.defaultFactory())
                .parseArgs(Stream.concat(Stream.of("sendmail"), Arrays.stream(argv)).toArray(String[]::new));
        Main main = picocli.commandSpec().commandLine().getCommand();
        SendmailCommand sendmail = picocli.subcommand().commandSpec().commandLine().getCommand();

        SendmailFastPath.Invocation fast = SendmailFastPath.Invocation.parse(argv, System.getenv(Main.CONFIG_DIR_ENV));

        assertThat(fast).as(args).isNotNull();
        assertThat(fast.options()).as(args).isEqualTo(new Sendmail.Options(sendmail.fromHeaders, sendmail.ignoreDots, sendmail.sender,
                sendmail.fullName, sendmail.recipients, main.verbose));
        assertThat(fast.configDir()).as(args).isEqualTo(main.configDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bp", "--help", "-h", "-V", "--version", "-x", "-ti", "-f=a@x.org", "-f", "-f -t", "@args",
            "--config-dir a --config-dir b", "--config-dir", "-v -v", "-"})
    void parse_whatPicocliMustRead_isLeftToIt(String args) {
        assertThat(SendmailFastPath.Invocation.parse(args.split(" "), null)).as(args).isNull();
    }

    @Test
    void parse_clusteredFlags_areLeftToPicocli_whichReadsThemAsTheFlags() {
        // SendmailStartBenchmark's "old path" (the whole command) is `sendmail -ti`
        assertThat(SendmailFastPath.Invocation.parse(new String[] {"-ti"}, null)).isNull();
        CommandLine.ParseResult picocli = Main.commandLine(new PrintWriter(out), new PrintWriter(err), CommandLine.defaultFactory())
                .parseArgs("--config-dir", "/srv/etc", "sendmail", "-ti");
        SendmailCommand sendmail = picocli.subcommand().commandSpec().commandLine().getCommand();
        assertThat(sendmail.fromHeaders).isTrue();
        assertThat(sendmail.ignoreDots).isTrue();
    }

    @Test
    void parse_emptyConfigDirVariableOrAnImpossiblePath_isLeftToPicocli() {
        assertThat(SendmailFastPath.Invocation.parse(new String[] {"-t"}, "")).isNull();
        assertThat(SendmailFastPath.Invocation.parse(new String[] {"-t", "--config-dir", "etc\0x"}, null)).isNull();
    }
}
