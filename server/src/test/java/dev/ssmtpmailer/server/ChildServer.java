package dev.ssmtpmailer.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link ServerMain} (or another main) in a child JVM with the test classpath; its stdout as lines. */
final class ChildServer implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final int port;

    private ChildServer(Process process) throws IOException {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        }, "child-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String portLine = await("PORT=", 60);
        this.port = Integer.parseInt(portLine.substring("PORT=".length()));
    }

    /**
     * @param heap the -Xmx value, e.g. {@code 64m}
     * @param log where the child's stderr goes
     * @param main the main class
     * @param args its arguments
     * @return the started child, listening
     */
    static ChildServer start(String heap, Path log, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        return new ChildServer(p);
    }

    int port() {
        return port;
    }

    /** Waits (bounded) for the next stdout line starting with {@code prefix}; earlier other lines are skipped. */
    String await(String prefix, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line;
            try {
                line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (line == null) {
                throw new IOException("child printed no '" + prefix + "' line within " + seconds + " s (alive: "
                        + process.isAlive() + ")");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    List<String> output() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no finally block runs. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
