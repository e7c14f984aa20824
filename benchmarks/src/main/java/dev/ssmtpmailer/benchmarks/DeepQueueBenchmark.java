package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Goal 4 of issue 14, "a queue that grows without the process growing with it", measured (not yet reached):
 * a {@code serve} process (the runnable jar, a fresh spool) whose upstream is down (nothing listens on its port)
 * accepts messages that then wait. At each depth it restarts {@code serve} and reports the time from start to
 * listening, the heap that stays in use after a full GC per waiting message (against the same measurement of a
 * fresh process on the empty spool), and the time of {@code ssmtp-mailer queue list}. Prints, asserts nothing.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.DeepQueueBenchmark [JAR]
 * env: DEPTHS ("1000 10000 100000", cumulative), SIZE (1024), SESSIONS (10), KEEP
 * </pre>
 * Needs root (the spool of a root-run serve) and the postfix package ({@code smtp-source}); {@code jcmd} from the JDK.
 */
public final class DeepQueueBenchmark {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private DeepQueueBenchmark() {
    }

    /**
     * One depth.
     *
     * @param waiting messages waiting
     * @param heapBytesPerMessage heap in use after a full GC, less the empty queue's, per waiting message
     * @param restartMillis from a new {@code serve} process to listening, on this spool
     * @param listMillis {@code queue list} from start to exit
     * @param listed lines {@code queue list} printed
     */
    record Depth(int waiting, double heapBytesPerMessage, long restartMillis, long listMillis, long listed) {
    }

    /**
     * @param args optional: the runnable jar
     * @throws Exception if a server or tool cannot start
     */
    public static void main(String[] args) throws Exception {
        run(Path.of(args.length > 0 ? args[0] : "cli/target/ssmtp-mailer.jar"),
                Arrays.stream(Bench.env("DEPTHS", "1000 10000 100000").trim().split("\\s+")).mapToInt(Integer::parseInt).toArray(),
                Integer.parseInt(Bench.env("SIZE", "1024")), Integer.parseInt(Bench.env("SESSIONS", "10")), System.out);
    }

    static List<Depth> run(Path jar, int[] depths, int size, int sessions, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("deep-queue-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = work.resolve("serve");
        int deadUpstream = Bench.freePort();
        List<Depth> rows = new ArrayList<>();
        ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(jar, dir, deadUpstream, List.of());
        try {
            out.printf(Locale.ROOT, "# serve %s, upstream 127.0.0.2:%d (down); %d cores (%s)%n", jar, deadUpstream,
                    Runtime.getRuntime().availableProcessors(), SmtpThroughputBenchmark.cpuModel());
            long emptyHeap = heapAfterGc(serve.pid());
            int waiting = 0;
            for (int depth : depths) {
                long t0 = System.nanoTime();
                send(serve.port(), depth - waiting, size, sessions);
                out.printf(Locale.ROOT, "# %d more accepted in %.1f s%n", depth - waiting, (System.nanoTime() - t0) / 1e9);
                waiting = depth;
                serve.close();
                serve = ServeStartBenchmark.Serve.start(jar, dir, deadUpstream, List.of());
                // both figures from a process that just started: what the queue costs a serve that loaded it
                double perMessage = (heapAfterGc(serve.pid()) - emptyHeap) / (double) waiting;
                long[] list = list(jar, dir.resolve("etc"));
                Depth d = new Depth(waiting, perMessage, serve.listenMillis(), list[0], list[1]);
                out.printf(Locale.ROOT, "# %d waiting: %.0f heap bytes per message, restart to listening %d ms, queue list %d ms "
                        + "(%d lines)%n", d.waiting(), d.heapBytesPerMessage(), d.restartMillis(), d.listMillis(), d.listed());
                rows.add(d);
            }
        } finally {
            serve.close();
            Bench.cleanUp(work, out);
        }
        out.println("| waiting | heap bytes per waiting message | restart to listening ms | queue list ms |");
        out.println("|---|---|---|---|");
        for (Depth d : rows) {
            out.printf(Locale.ROOT, "| %d | %.0f | %d | %d |%n", d.waiting(), d.heapBytesPerMessage(), d.restartMillis(), d.listMillis());
        }
        return rows;
    }

    /** Sends {@code n} messages with smtp-source and waits until every one has its 250. */
    private static void send(int port, int n, int size, int sessions) throws IOException, InterruptedException {
        Process source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", Integer.toString(sessions), "-m",
                Integer.toString(n), "-l", Integer.toString(size), "-d", "-f", "bench@example.org", "-t", Bench.RCPT,
                "127.0.0.1:" + port).redirectErrorStream(true).start();
        String complaints = new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (source.waitFor() != 0) {
            throw new IllegalStateException("smtp-source failed: " + complaints.strip());
        }
    }

    /** @return the heap in use after a full GC of {@code pid}, bytes ({@code jcmd GC.run}, then {@code GC.heap_info}) */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out.strip());
        }
        return out;
    }

    /** @return {@code queue list}'s time in ms and the lines it printed */
    private static long[] list(Path jar, Path config) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--config-dir", config.toString(), "queue", "list").redirectErrorStream(true).start();
        long lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("queue list failed with exit " + p.exitValue());
        }
        return new long[] {TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), lines};
    }
}
