package dev.ssmtpmailer.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * Facts about the real peer servers (the scripts beside the repository, {@code ../shared/peers}; see
 * CONTRIBUTING.md), read from the environment that {@code peer.env} describes; and private instances of a
 * peer script for fault tests.
 *
 * <p>A test class or method names the peers it needs with {@link RequiresPeer}, so that it is reported as
 * skipped, with the reason, when they are missing. Inside, it calls {@link #upstreamSmtp()} or
 * {@link #smtpSink()} for the facts: when the facts are missing
 * the test is skipped, unless {@code SSMTP_REQUIRE_PEERS=1} (CI), where it fails instead.
 */
public final class Peers {
    /** Set to {@code 1} to turn a missing peer into a failure. */
    public static final String REQUIRE_PEERS = "SSMTP_REQUIRE_PEERS";
    /** Points at the peer scripts ({@code ../shared/peers} in CI); needed to start private instances. */
    public static final String PEERS_DIR = "SSMTP_PEERS_DIR";

    private static final Function<String, String> env = System::getenv;

    private Peers() {
    }

    /**
     * The Postfix "Gmail" of {@code upstream-smtp.sh}.
     *
     * @param host {@code SMTP_HOST}
     * @param port {@code SMTP_PORT}, STARTTLS required
     * @param smtpsPort {@code SMTPS_PORT}, implicit TLS, 0 when off
     * @param user {@code SMTP_USER}
     * @param password {@code SMTP_PASSWORD}
     * @param tlsCert {@code SMTP_TLS_CERT}, the self-signed server certificate (PEM)
     * @param maildirNew {@code MAILDIR_NEW}, where delivered messages appear
     */
    public record UpstreamSmtp(String host, int port, int smtpsPort, String user, String password, Path tlsCert,
                               Path maildirNew) {
        static UpstreamSmtp from(Function<String, String> facts) {
            String smtps = facts.apply("SMTPS_PORT");
            return new UpstreamSmtp(facts.apply("SMTP_HOST"), Integer.parseInt(facts.apply("SMTP_PORT")),
                    smtps == null || smtps.isBlank() ? 0 : Integer.parseInt(smtps), facts.apply("SMTP_USER"),
                    facts.apply("SMTP_PASSWORD"), Path.of(facts.apply("SMTP_TLS_CERT")), Path.of(facts.apply("MAILDIR_NEW")));
        }
    }

    /**
     * Postfix {@code smtp-sink}: accepts and discards, no STARTTLS.
     *
     * @param host {@code SINK_HOST}
     * @param port {@code SINK_PORT}
     */
    public record SmtpSink(String host, int port) {
    }

    /** @return the upstream's facts, or skips (fails with {@code SSMTP_REQUIRE_PEERS=1}) when they are not set */
    public static UpstreamSmtp upstreamSmtp() {
        requireFacts("upstream-smtp", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS_CERT", "MAILDIR_NEW");
        return UpstreamSmtp.from(env);
    }

    /** @return the sink's facts, or skips (fails with {@code SSMTP_REQUIRE_PEERS=1}) when they are not set */
    public static SmtpSink smtpSink() {
        requireFacts("smtp-sink", "SINK_HOST", "SINK_PORT");
        return new SmtpSink(env.apply("SINK_HOST"), Integer.parseInt(env.apply("SINK_PORT")));
    }

    /**
     * Starts a private instance of a peer script in a new temporary directory on a free port, e.g.
     * {@code startPrivate("upstream-smtp.sh", Map.of("SMTPS_PORT", "0", "FAULT_TEMP_PCT", "100", "FAULT_AT", "rcpt"))}.
     * Needs {@code SSMTP_PEERS_DIR} and root; skips (or fails, see above) otherwise.
     *
     * @param script the script name in the peers directory
     * @param environment extra environment; {@code PORT} defaults to a free port
     * @return the running instance; close it to stop it
     */
    public static PrivatePeer startPrivate(String script, Map<String, String> environment) {
        String dir = env.apply(PEERS_DIR);
        if (dir == null || dir.isBlank() || !Files.isRegularFile(Path.of(dir, script))) {
            unavailable(script + ": " + PEERS_DIR + " is not set or does not hold the script");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable(script + ": private peer instances need root");
        }
        try {
            Path home = Files.createTempDirectory("ssmtp-peer-");
            // Postfix's own users must traverse the directory.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("PEERS_DIR", home.toString());
            vars.put("PORT", Integer.toString(freePort()));
            vars.putAll(environment);
            PrivatePeer peer = new PrivatePeer(Path.of(dir, script), home, vars);
            peer.facts.putAll(peer.run("start"));
            return peer;
        } catch (IOException e) {
            fail("cannot start " + script + ": " + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    /** A peer started by {@link #startPrivate}; {@link #close()} stops it. */
    public static final class PrivatePeer implements AutoCloseable {
        private final Path script;
        private final Path home;
        private final Map<String, String> vars;
        private final Map<String, String> facts = new LinkedHashMap<>();

        PrivatePeer(Path script, Path home, Map<String, String> vars) {
            this.script = script;
            this.home = home;
            this.vars = vars;
        }

        /** @return the KEY=VALUE facts the script printed on start */
        public Map<String, String> facts() {
            return Map.copyOf(facts);
        }

        /** @param key a fact name @return its value @throws IllegalStateException if the script did not print it */
        public String fact(String key) {
            String v = facts.get(key);
            if (v == null) {
                throw new IllegalStateException("peer " + script.getFileName() + " printed no " + key + " (facts: " + facts.keySet() + ")");
            }
            return v;
        }

        /** @return the upstream facts of an {@code upstream-smtp.sh} instance */
        public UpstreamSmtp asUpstream() {
            return UpstreamSmtp.from(this::fact);
        }

        Map<String, String> run(String command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
            pb.environment().putAll(vars);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException(script.getFileName() + " " + command + " failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).matches("[A-Z][A-Z0-9_]*")) {
                    String v = line.substring(eq + 1).strip();
                    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    parsed.put(line.substring(0, eq), v);
                }
            }
            return parsed;
        }

        @Override
        public void close() {
            try {
                run("stop");
            } catch (IOException e) {
                fail("cannot stop " + script.getFileName() + " in " + home + ": " + e.getMessage());
            }
            deleteTree(home); // the scripts keep their directory for inspection; a passing test has nothing to show
        }

        private static void deleteTree(Path dir) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // best effort: a leftover directory under /tmp is harmless
            }
        }
    }

    /** @return a TCP port that was free a moment ago on 127.0.0.1 */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void requireFacts(String peer, String... keys) {
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            String v = env.apply(k);
            if (v == null || v.isBlank()) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            unavailable(peer + " not available: " + String.join(", ", missing) + " not set (sudo bash .ci/run starts the peers, see CONTRIBUTING.md)");
        }
    }

    private static void unavailable(String why) {
        if ("1".equals(env.apply(REQUIRE_PEERS))) {
            fail(why + " and " + REQUIRE_PEERS + "=1");
        }
        Assumptions.abort(why);
    }
}
