package dev.ssmtpmailer.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link DeepQueueBenchmark}'s {@code STOPS} mode: the stop and the restart of {@code serve} after a burst that a
 * hanging upstream could not take (every message accepted, journaled, not yet tried), by SIGTERM and by SIGKILL,
 * for several jars interleaved. Prints, asserts nothing.
 */
final class StopRestart {
    /**
     * The figures of one jar's round at one depth, ms; {@code -1}: over its limit (a stop killed after
     * {@code STOP_LIMIT}, a restart not listening after 180 s), printed as "over".
     */
    private static final String[] FIGURES = {"SIGTERM stop", "restart after it", "(CPU)", "recovery ended after",
        "second stop", "restart after kill -9", "(CPU) ", "recovery ended after ", "stop after that"};

    private StopRestart() {
    }

    static void run(List<Path> jars, int[] depths, int size, int sessions, int rounds, int stopLimit, PrintStream out)
            throws Exception {
        Path work = Files.createTempDirectory("stop-restart-bench");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        out.printf(Locale.ROOT, "# %s; %d cores; stop limit %d s%n", jars, Runtime.getRuntime().availableProcessors(), stopLimit);
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                List<Path> order = new ArrayList<>(jars);
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (int depth : depths) {
                    for (Path jar : order) {
                        long[] f = round(jar, work.resolve("r" + round + "-" + depth + "-" + jars.indexOf(jar)), depth, size,
                                sessions, stopLimit, out);
                        results.computeIfAbsent(jar + " " + depth, k -> new ArrayList<>()).add(f);
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "# round %d, %s, %d:", round + 1, jar, depth));
                        for (int i = 0; i < FIGURES.length; i++) {
                            line.append(' ').append(FIGURES[i].strip()).append(' ').append(f[i] < 0 ? "over its limit" : f[i] + " ms").append(',');
                        }
                        out.println(line);
                    }
                }
            }
        } finally {
            Bench.cleanUp(work, out);
        }
        out.print("| jar, waiting |");
        for (String f : FIGURES) {
            out.print(" " + f.strip() + " ms |");
        }
        out.println();
        out.println("|---|" + "---|".repeat(FIGURES.length));
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
            for (int i = 0; i < FIGURES.length; i++) {
                int fi = i;
                double[] v = e.getValue().stream().mapToDouble(f -> f[fi] < 0 ? Double.POSITIVE_INFINITY : f[fi]).toArray();
                double lo = java.util.Arrays.stream(v).min().orElse(0);
                double hi = java.util.Arrays.stream(v).max().orElse(0);
                row.append(String.format(Locale.ROOT, " %s (%s-%s) |", text(Bench.median(v)), text(lo), text(hi)));
            }
            out.println(row);
        }
    }

    private static String text(double ms) {
        return Double.isInfinite(ms) ? "over" : String.format(Locale.ROOT, "%,.0f", ms);
    }

    /** @return the {@link #FIGURES} of one jar at one depth, each queue fresh */
    private static long[] round(Path jar, Path dir, int depth, int size, int sessions, int stopLimit, PrintStream out)
            throws Exception {
        long[] f = new long[FIGURES.length];
        stopAndRestart(jar, dir.resolve("term"), depth, size, sessions, stopLimit, false, f, 0, out);
        f[4] = f[8];
        stopAndRestart(jar, dir.resolve("kill"), depth, size, sessions, stopLimit, true, f, 5, out);
        return f;
    }

    /**
     * A burst into a fresh queue while the upstream hangs, the stop (timed into {@code f[at]} unless {@code kill}),
     * the restart (listening and CPU into the next two, the end of its recovery thread into the one after) and the
     * stop of the restarted serve (into {@code f[8]}).
     */
    private static void stopAndRestart(Path jar, Path dir, int depth, int size, int sessions, int stopLimit, boolean kill,
                                       long[] f, int at, PrintStream out) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int upstreamPort = Bench.freePort();
        List<String> jvm = DurabilityBenchmark.serveJvm();
        int slot = at;
        DeepQueueBenchmark.Hanging upstream = new DeepQueueBenchmark.Hanging(upstreamPort);
        try (ServeStartBenchmark.Serve serve = ServeStartBenchmark.Serve.start(jar, dir, upstreamPort, jvm, "")) {
            long t0 = System.nanoTime();
            DeepQueueBenchmark.send(serve.port(), depth, size, sessions);
            out.printf(Locale.ROOT, "# %d accepted in %.1f s%n", depth, (System.nanoTime() - t0) / 1e9);
            if (kill) {
                ProcessHandle.of(serve.pid()).ifPresent(ProcessHandle::destroyForcibly);
                ProcessHandle.of(serve.pid()).ifPresent(p -> p.onExit().join());
            } else {
                upstream.close(); // as DeepQueueBenchmark: attempts in flight fail at once, serve does not wait for them
                f[slot++] = stop(serve.pid(), stopLimit);
            }
        } finally {
            upstream.close();
        }
        upstream = new DeepQueueBenchmark.Hanging(upstreamPort); // a new one: the same state as before the stop
        try (ServeStartBenchmark.Serve serve = startOrNull(jar, dir, upstreamPort, jvm)) {
            if (serve == null) { // did not listen within Serve's 180 s: recorded as over the limit
                java.util.Arrays.fill(f, slot, slot + 3, -1);
                f[8] = -1;
                return;
            }
            f[slot++] = serve.listenMillis();
            f[slot++] = ProcessCpu.millis(serve.pid());
            long t0 = System.nanoTime();
            DeepQueueBenchmark.awaitRecovery(serve.pid());
            f[slot] = serve.listenMillis() + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            upstream.close();
            f[8] = stop(serve.pid(), stopLimit);
        } finally {
            upstream.close();
            Bench.cleanUp(dir, out);
        }
    }

    private static ServeStartBenchmark.Serve startOrNull(Path jar, Path dir, int upstreamPort, List<String> jvm) throws Exception {
        try {
            return ServeStartBenchmark.Serve.start(jar, dir, upstreamPort, jvm, "");
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** SIGTERM, then SIGKILL after {@code limit} s (as systemd's TimeoutStopSec); @return ms to exit, -1 if killed */
    private static long stop(long pid, int limit) throws Exception {
        ProcessHandle p = ProcessHandle.of(pid).orElse(null);
        if (p == null) {
            return 0;
        }
        long t0 = System.nanoTime();
        p.destroy();
        try {
            p.onExit().get(limit, TimeUnit.SECONDS);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
            return -1;
        }
    }
}
