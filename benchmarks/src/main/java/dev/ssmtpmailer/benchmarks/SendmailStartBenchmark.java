package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12, "Fast": the wall time of handing one message of about 1 KB to a running {@code serve}, by each way
 * there is, beside the bare JVM start and Debian's {@code msmtp}, in one run. The commands take turns (one of
 * each per round) so that whatever else loads the machine falls on all of them alike; each row is the median
 * of its rounds, with the mean CPU time of one run (user + system, all threads), the steadier figure on a
 * loaded machine. Rows:
 * <ul>
 * <li>{@code java -Xshare:auto -version}: the bare JVM start, the yardstick;
 * <li>{@code msmtp} handing the message to the same {@code serve};
 * <li>the whole command, {@code java -jar JAR --config-dir T sendmail -ti}: picocli, logging and the full
 *     configuration, as every {@code sendmail} ran before the fast start ({@code -ti}, the two flags clustered,
 *     which only picocli reads, keeps it off the fast start);
 * <li>the same through the installed {@code ssmtp-mailer} launcher with its {@code ssmtp-mailer.jsa};
 * <li>the fast start, the installed {@code sendmail} launcher, installed with {@code NO_CDS=1};
 * <li>the fast start with its {@code sendmail.jsa}, as {@code packaging/install.sh} installs it.
 * </ul>
 * Every command must exit 0, which for {@code sendmail} means {@code serve} spooled the message (its upstream is
 * down, so a direct delivery would fail). Prints, asserts nothing about time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.SendmailStartBenchmark [JAR [INSTALL_SH]]
 * env: ROUNDS (31), SIZE (1024), KEEP (1: keep the scratch directory)
 * </pre>
 * JAR defaults to {@code cli/target/ssmtp-mailer.jar}, INSTALL_SH to {@code packaging/install.sh}; needs
 * {@code msmtp} (Debian package {@code msmtp}).
 */
public final class SendmailStartBenchmark {
    private static final Path MSMTP = Path.of("/usr/bin/msmtp");
    private static final String FROM = "contact-sales@mailer.domain1.com";

    private SendmailStartBenchmark() {
    }

    /** What to run. */
    record Settings(Path jar, Path installScript, int rounds, int size) {
    }

    /**
     * One command's figures.
     *
     * @param command what ran, in words
     * @param medianMillis the median wall time from process start to exit
     * @param minMillis the fastest round
     * @param cpuMillis the mean user + system CPU of one run (the process and its threads: JIT, GC), which the
     *        load from other processes changes much less than the wall time
     */
    record Row(String command, double medianMillis, double minMillis, double cpuMillis) {
    }

    /**
     * @param args optional: the runnable jar, then the install script
     * @throws Exception if a command fails or a tool is missing
     */
    public static void main(String[] args) throws Exception {
        run(new Settings(Path.of(args.length > 0 ? args[0] : "cli/target/ssmtp-mailer.jar"),
                Path.of(args.length > 1 ? args[1] : "packaging/install.sh"), Integer.parseInt(Bench.env("ROUNDS", "31")),
                Integer.parseInt(Bench.env("SIZE", "1024"))), System.out);
    }

    /**
     * Installs the jar twice (with and without the sendmail archive), starts a {@code serve}, runs the rounds and
     * prints a Markdown table.
     *
     * @param s what to run
     * @param out where the figures go
     * @return one row per command, in the table's order
     * @throws Exception if a command fails or a tool is missing
     */
    static List<Row> run(Settings s, PrintStream out) throws Exception {
        for (Path p : List.of(s.jar(), s.installScript(), MSMTP)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(p + " not found (the jar: mvn -pl cli -am package -DskipTests; msmtp: "
                        + "apt-get install msmtp)");
            }
        }
        Path work = Files.createTempDirectory("sendmail-start-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Path withCds = install(s, work.resolve("cds"), false);
            Path withoutCds = install(s, work.resolve("nocds"), true);
            Path message = work.resolve("message.eml");
            Files.write(message, message(s.size()));
            // upstream down (nobody listens on 127.0.0.2:9): a message only leaves sendmail with exit 0 through serve
            try (ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(s.jar(), work.resolve("serve"), 9, List.of())) {
                Path tree = work.resolve("serve").resolve("etc");
                String java = Bench.JAVA.toString();
                Map<String, List<String>> commands = new LinkedHashMap<>();
                commands.put("`java -Xshare:auto -version` (bare JVM start)", List.of(java, "-Xshare:auto", "-version"));
                commands.put("`msmtp -t` (Debian msmtp " + version() + ")", List.of(MSMTP.toString(), "-C", "/dev/null",
                        "--host=127.0.0.1", "--port=" + serve.port(), "--auth=off", "--tls=off", "--from=" + FROM, "-t"));
                commands.put("old path: `java -jar ssmtp-mailer.jar --config-dir T sendmail -ti` (whole command)",
                        List.of(java, "-jar", s.jar().toString(), "--config-dir", tree.toString(), "sendmail", "-ti"));
                commands.put("old path, installed: `ssmtp-mailer --config-dir T sendmail -ti` (ssmtp-mailer.jsa)",
                        List.of(withCds.resolve("bin/ssmtp-mailer").toString(), "--config-dir", tree.toString(), "sendmail", "-ti"));
                commands.put("new path: installed `sendmail -t -i`, no CDS archive",
                        List.of(withoutCds.resolve("sbin/sendmail").toString(), "--config-dir", tree.toString(), "-t", "-i"));
                commands.put("new path: installed `sendmail -t -i` with sendmail.jsa",
                        List.of(withCds.resolve("sbin/sendmail").toString(), "--config-dir", tree.toString(), "-t", "-i"));
                out.printf(Locale.ROOT, "# %s, %d cores (%s), Java %s; serve on 127.0.0.1:%d; %d rounds of %d bytes; load %s%n",
                        s.jar(), Runtime.getRuntime().availableProcessors(), SmtpThroughputBenchmark.cpuModel(),
                        System.getProperty("java.version"), serve.port(), s.rounds(), Files.size(message), loadAverage());
                List<Row> rows = measure(commands, message, work, s.rounds());
                out.printf(Locale.ROOT, "# load after: %s%n", loadAverage());
                print(rows, out);
                return rows;
            }
        } finally {
            Bench.cleanUp(work, out);
        }
    }

    /** Runs {@code install.sh} into {@code root} ({@code DESTDIR}, {@code PREFIX=/usr}) and returns its {@code usr}. */
    private static Path install(Settings s, Path root, boolean noCds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", s.installScript().toString(), s.jar().toString()).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(root).resolve("install.log").toFile());
        pb.environment().put("DESTDIR", root.toString());
        pb.environment().put("PREFIX", "/usr");
        pb.environment().put("JAVA", Bench.JAVA.toString());
        if (noCds) {
            pb.environment().put("NO_CDS", "1");
        }
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("install.sh failed; see " + root.resolve("install.log") + ":\n"
                    + Files.readString(root.resolve("install.log")));
        }
        Path usr = root.resolve("usr");
        if (!noCds && !Files.isRegularFile(usr.resolve("lib/ssmtp-mailer/sendmail.jsa"))) {
            throw new IllegalStateException("install.sh made no sendmail.jsa; see " + root.resolve("install.log"));
        }
        return usr;
    }

    /** The rounds: each command once per round, in order; every one must exit 0. */
    private static List<Row> measure(Map<String, List<String>> commands, Path message, Path work, int rounds) throws Exception {
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        for (String c : commands.keySet()) {
            times.put(c, new double[rounds]);
            cpu.put(c, new long[1]);
        }
        Path err = work.resolve("stderr");
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                ProcessBuilder pb = new ProcessBuilder(c.getValue()).redirectInput(message.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
                pb.environment().put("HOME", work.toString()); // dead.letter, msmtp's ~/.msmtprc: none of the user's
                long cpu0 = ProcessCpu.childrenMillis();
                long t0 = System.nanoTime();
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(c.getKey() + " did not end in 2 minutes");
                }
                times.get(c.getKey())[r] = (System.nanoTime() - t0) / 1e6;
                cpu.get(c.getKey())[0] += ProcessCpu.childrenMillis() - cpu0;
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(c.getKey() + " exited " + p.exitValue() + ": " + Files.readString(err).strip());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        times.forEach((command, t) -> {
            rows.add(new Row(command, Bench.upperMedian(t), Arrays.stream(t).min().orElse(Double.NaN),
                    cpu.get(command)[0] / (double) rounds));
        });
        return rows;
    }

    private static void print(List<Row> rows, PrintStream out) {
        Row bare = rows.get(0);
        out.println("| command | median ms | x bare JVM | fastest ms | CPU ms | CPU x bare JVM |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.1f | %.0f | %.2f |%n", r.command(), r.medianMillis(),
                    r.medianMillis() / bare.medianMillis(), r.minMillis(), r.cpuMillis(), r.cpuMillis() / bare.cpuMillis());
        }
    }

    /** A message of {@code size} bytes, LF line ends as a program writes them, no {@code Date:} or {@code Message-ID:}. */
    static byte[] message(int size) {
        StringBuilder b = new StringBuilder(size).append("From: ").append(FROM).append("\nTo: ops@example.com\nSubject: sendmail start\n\n");
        while (b.length() < size) {
            int line = Math.min(72, size - b.length()) - 1;
            b.append("x".repeat(Math.max(line, 0))).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(MSMTP.toString(), "--version").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        p.waitFor();
        return first.replace("msmtp version ", "");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
