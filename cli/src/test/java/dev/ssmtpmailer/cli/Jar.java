package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code java -jar cli/target/ssmtp-mailer.jar ...} as a user would; failsafe passes the jar's path. */
final class Jar {
    private Jar() {
    }

    static Path path() {
        String p = System.getProperty("ssmtp.cli.jar", "target/ssmtp-mailer.jar");
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            fail("the jar " + jar.toAbsolutePath() + " is not built (run through `mvn verify`)");
        }
        return jar;
    }

    static Cli.Result run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Like {@link #run(String...)}, with {@code stdin} as the command's standard input. */
    static Cli.Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", path().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove(Main.CONFIG_DIR_ENV);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ssmtp-mailer " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Cli.Result(p.exitValue(), out.join(), err.join());
    }

    /** @return the running command, stdout and stderr to files in {@code dir} */
    static Process start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", path().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        pb.environment().remove(Main.CONFIG_DIR_ENV);
        return pb.start();
    }

    /** Stops the commands as systemd would (SIGTERM), each given 60 s to finish before it is killed. */
    static void stop(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @return the value of an environment variable a peer's {@code peer.env} sets; skips the test when missing,
     *         fails it when {@code SSMTP_REQUIRE_PEERS=1}
     */
    static String peer(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            String why = variable + " not set: start the peer (see /work/shared/peers/README.md) and export its peer.env";
            if ("1".equals(System.getenv("SSMTP_REQUIRE_PEERS"))) {
                fail(why + " (SSMTP_REQUIRE_PEERS=1)");
            }
            Assumptions.abort(why);
        }
        return v;
    }
}
