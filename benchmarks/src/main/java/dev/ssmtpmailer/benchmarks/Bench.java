package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the relay benchmarks share: a private {@code smtp-sink} with its message counter, one timed
 * {@code smtp-source} run through a relay, and a configuration tree for {@code serve}.
 */
final class Bench {
    /** The {@code java} launcher of the JVM running the benchmark. */
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final String RCPT = "contact-sales@mailer.domain1.com";
    static final String ACCOUNT = "bench@domain1.com";
    private static final Pattern COUNTERS = Pattern.compile("sess=(\\d+) quit=(\\d+) mesg=(\\d+)");

    private Bench() {
    }

    /** One run's figures, msgs/s. */
    record Figures(double accepted, double delivered) {
    }

    /** A condition polled until it holds. */
    interface Check {
        boolean ok() throws Exception;
    }

    static String env(String key, String dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** @return the median of {@code values} (not changed), the mean of the middle two for an even count; NaN for none */
    static double median(double[] values) {
        return middle(values, false);
    }

    /** @return the {@link #median(double[])} of one figure of {@code items} */
    static <T> double median(Collection<T> items, ToDoubleFunction<? super T> figure) {
        return median(items.stream().mapToDouble(figure).toArray());
    }

    /**
     * @return the median of {@code values} (not changed), but the greater of the middle two for an even count (what
     *     BackendRelayBenchmark has always printed); NaN for none
     */
    static double upperMedian(double[] values) {
        return middle(values, true);
    }

    private static double middle(double[] values, boolean upper) {
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 || upper ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitFor(Check c, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }

    /** Deletes a benchmark's scratch directory, unless {@code KEEP=1} asks to keep it for inspection. */
    static void cleanUp(Path dir, java.io.PrintStream out) throws IOException {
        if ("1".equals(env("KEEP", "0"))) {
            out.println("# kept " + dir);
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Sends SIGTERM and waits up to {@code seconds} for the process to end, then kills it. */
    static void stop(Process process, int seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code n} messages with {@code smtp-source -d} to a relay on 127.0.0.1 and times them: "accepted"
     * until smtp-source had its last {@code 250}, "delivered" until the sink counted the last message and
     * {@code drained} holds. Measured the way {@code bench-postfix-relay.sh} measures Postfix.
     */
    static Figures relay(int port, Sink sink, int n, int size, int sessions, Check drained) throws Exception {
        long base = sink.poll();
        long t0 = System.nanoTime();
        Process source = new ProcessBuilder("/usr/sbin/smtp-source", "-s", Integer.toString(sessions), "-m",
                Integer.toString(n), "-l", Integer.toString(size), "-d", "-f", "bench@example.org", "-t", RCPT,
                "127.0.0.1:" + port).redirectErrorStream(true).start();
        // smtp-source prints only when something goes wrong; read it as it comes so it never blocks on a full pipe
        StringBuilder complaints = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                complaints.append(new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                complaints.append(e);
            }
        });
        reader.start();
        long tAccepted = 0;
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (sink.poll() < base + n || !drained.ok()) {
            if (tAccepted == 0 && !source.isAlive()) {
                tAccepted = System.nanoTime();
                if (source.exitValue() != 0) {
                    reader.join();
                    throw new IllegalStateException("smtp-source failed with exit " + source.exitValue() + ": "
                            + complaints.toString().strip());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timeout: sink has " + (sink.poll() - base) + "/" + n);
            }
            Thread.sleep(10);
        }
        long tDelivered = System.nanoTime();
        source.waitFor();
        reader.join();
        if (tAccepted == 0) {
            tAccepted = tDelivered;
        }
        return new Figures(n / ((tAccepted - t0) / 1e9), n / ((tDelivered - t0) / 1e9));
    }

    /**
     * Writes a configuration tree for {@code serve}: {@code contact-sales@mailer.domain1.com} relayed to the
     * sink on 127.0.0.2 (loopback, but not a local host name, so the sink is an upstream account), no rate
     * limits, listening on 127.0.0.1.
     *
     * @return the tree's directory
     */
    static Path writeConfig(Path dir, int sinkPort, int listenPort) throws IOException {
        return writeConfig(dir, sinkPort, listenPort, "");
    }

    /** @param global more lines for {@code [global]} (such as a queue backend), each ending in a line break */
    static Path writeConfig(Path dir, int sinkPort, int listenPort, String global) throws IOException {
        Path config = dir.resolve("etc");
        Files.createDirectories(config.resolve("domains"));
        Files.createDirectories(config.resolve("mappings"));
        Files.createDirectories(config.resolve("users"));
        Files.writeString(config.resolve("ssmtp-mailer.conf"), "[global]\ndefault_hostname = mailer.domain1.com\n"
                + "spool_dir = " + dir.resolve("spool") + "\nenable_rate_limiting = false\nmax_connections = 20\n"
                + "log_level = WARN\n" + global);
        Files.writeString(config.resolve("domains/sink.conf"), "[domain:sink]\nsmtp_server = 127.0.0.2\nsmtp_port = "
                + sinkPort + "\nauth_method = NONE\nuse_ssl = false\nuse_starttls = false\nrelay_account = " + ACCOUNT + "\n");
        Files.writeString(config.resolve("domains/mailer.domain1.com.conf"), "[domain:mailer.domain1.com]\n"
                + "smtp_server = localhost\nsmtp_port = 25\nauth_method = NONE\nuse_ssl = false\nuse_starttls = false\n"
                + "listen_address = 127.0.0.1\nlisten_port = " + listenPort + "\n");
        Files.writeString(config.resolve("mappings/bench.conf"), "[mapping:sales]\nfrom_pattern = " + RCPT
                + "\nto_pattern = contact-sales@domain1.com\nsmtp_account = " + ACCOUNT + "\n");
        return config;
    }

    /**
     * A private {@code smtp-sink -c} on 127.0.0.2 and its {@code sess=N quit=N mesg=N} counters, records ending
     * in CR appended to its log. Closing it stops the sink.
     */
    static final class Sink implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final int port;
        private long offset;
        private long mesg = -1;

        private Sink(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        /** Starts the sink in {@code work} (which user nobody must be able to traverse) on a free port. */
        static Sink start(Path work) throws Exception {
            return start(work, freePort());
        }

        /** Starts the sink in {@code work} on {@code port} of 127.0.0.2. */
        static Sink start(Path work, int port) throws Exception {
            Path log = work.resolve("sink.log");
            Process p = new ProcessBuilder("/usr/sbin/smtp-sink", "-u", "nobody", "-c", "127.0.0.2:" + port, "1024")
                    .redirectOutput(log.toFile()).redirectErrorStream(true).start();
            Sink sink = new Sink(p, log, port);
            waitFor(() -> sink.poll() >= 0 && sink.accepts(), 10);
            return sink;
        }

        private boolean accepts() {
            try (java.net.Socket s = new java.net.Socket("127.0.0.2", port)) {
                return s.isConnected();
            } catch (IOException e) {
                return false;
            }
        }

        int port() {
            return port;
        }

        /** @return the messages the sink has counted so far (synchronized: a benchmark may sample it from a thread of its own) */
        synchronized long poll() throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long len = f.length();
                if (len > offset) {
                    byte[] b = new byte[(int) (len - offset)];
                    f.seek(offset);
                    f.readFully(b);
                    String s = new String(b, StandardCharsets.US_ASCII);
                    int lastCr = s.lastIndexOf('\r');
                    if (lastCr >= 0) {
                        offset += lastCr + 1;
                        Matcher m = COUNTERS.matcher(s.substring(0, lastCr));
                        while (m.find()) {
                            mesg = Long.parseLong(m.group(3));
                        }
                    }
                }
            }
            return Math.max(mesg, 0);
        }

        @Override
        public void close() {
            stop(process, 10);
        }
    }
}
