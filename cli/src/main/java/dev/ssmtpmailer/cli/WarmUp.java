package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.bench.BenchResult;
import dev.ssmtpmailer.cli.bench.BenchSettings;
import dev.ssmtpmailer.cli.bench.SmtpBench;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.server.MailerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * {@code serve --warm-up N}: before the real listener opens, N throwaway messages go through a private copy of the
 * relay in this JVM (its own listener on 127.0.0.1, its own spool in a scratch directory, an in-process upstream
 * that discards), so that the classes are loaded and the JIT has compiled the accept and delivery paths before the
 * first real client arrives (issue 14, goal 3). Nothing leaves the host and nothing is left behind; the private
 * relay's delivery lines name {@value #DOMAIN}. {@code serve --warm-up auto} relays rounds until the JIT has settled.
 *
 * <p>The warm-up takes the paths real traffic takes, or the JIT compiles the wrong ones: ten sessions as a busy
 * client, and an upstream that offers {@code PIPELINING} as Postfix and Gmail do (without it the relay's client
 * waits for each reply, and its pipelined path was still cold after a warm-up: 548 compilations in the first 1,000
 * real messages instead of 98, docs/performance.md).
 */
final class WarmUp {
    /** Made when a warm-up first runs, after {@code serve} has configured logging. */
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    /** The reserved domain (RFC 2606) of the warm-up's addresses. */
    static final String DOMAIN = "warmup.test";
    private static final String ALIAS = "warm-up@mailer." + DOMAIN;
    private static final int SIZE = 1024;
    /** As many sessions as a busy client opens (smtp-source in ServeStartBenchmark): the server's threads warm too. */
    private static final int CONNECTIONS = 10;
    /** Messages per round of {@code --warm-up auto}. */
    static final int ROUND = 500;
    /** {@code --warm-up auto} ends after this many messages even if the JIT has not settled. */
    static final int AUTO_MOST = 20_000;
    /** {@code --warm-up auto} starts no new round after this long (a loaded host), settled or not. */
    static final Duration AUTO_LIMIT = Duration.ofSeconds(60);
    /** A round in which the compilers worked less than this share of its time means the JIT has settled. */
    static final int SETTLED_PERCENT = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The name of a scratch spool starts with this. */
    static final String SCRATCH_PREFIX = "ssmtp-mailer-warm-up";

    private WarmUp() {
    }

    /**
     * What a warm-up did.
     *
     * @param messages messages accepted by the private relay
     * @param delivered of those, received by the in-process upstream
     * @param millis how long it took
     * @param rounds rounds of messages (1 for a fixed count that the private relay accepted)
     * @param settled whether the last round left the compilers idle (measured for a fixed count too; such a warm-up
     *        ends after its count whatever this says)
     */
    record Result(long messages, int delivered, long millis, int rounds, boolean settled) {
    }

    /**
     * How a warm-up runs: rounds of throwaway messages until a round in which the compilers worked less than
     * {@value #SETTLED_PERCENT} % of its time, at least {@code least} and at most {@code most} messages, and no new
     * round once {@code limit} has passed.
     *
     * @param least messages to relay whether settled or not, at least 1
     * @param most messages after which the warm-up ends settled or not, at least {@code least}
     * @param round messages per round
     * @param limit after this, no new round starts
     * @param scratchParent where the scratch spool is made (and removed)
     */
    record Plan(int least, int most, int round, Duration limit, Path scratchParent) {
        /** @return {@code --warm-up N}: one round of N messages */
        static Plan fixed(int messages) {
            return new Plan(messages, messages, messages, TIMEOUT, WarmUp.scratchParent());
        }

        /** @return {@code --warm-up auto}: rounds of {@value #ROUND} until settled, {@link #AUTO_MOST}, {@link #AUTO_LIMIT} */
        static Plan auto() {
            return new Plan(ROUND, AUTO_MOST, ROUND, AUTO_LIMIT, WarmUp.scratchParent());
        }
    }

    /**
     * {@code serve}'s warm-up, logged at INFO. A warm-up that fails (no scratch directory, no loopback port) is a
     * WARN, not an error: {@code serve} then listens cold, as without {@code --warm-up}.
     *
     * @param messages {@code --warm-up N}: N throwaway messages; negative for {@code --warm-up auto}
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static void beforeListening(int messages) throws InterruptedException {
        try {
            Result w = run(messages > 0 ? Plan.fixed(messages) : Plan.auto(), WarmUp::compilerMillis);
            log.info("warm-up: {} throwaway messages relayed to an in-process upstream in {} ms{}", w.delivered(), w.millis(),
                    messages > 0 ? "" : ", " + w.rounds() + " rounds, JIT " + (w.settled() ? "settled" : "still compiling"));
        } catch (RuntimeException e) {
            log.warn("warm-up failed, listening without it: {}", e.toString());
        }
    }

    /**
     * @param plan how many messages, in which rounds, where
     * @param compilerMillis the JIT's work so far, milliseconds (for {@code serve}: {@link #compilerMillis()})
     * @return what it did
     * @throws UncheckedIOException if the scratch spool cannot be made or removed
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static Result run(Plan plan, LongSupplier compilerMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        Path scratch = scratchDirectory(plan.scratchParent());
        Thread onExit = removeOnExit(scratch);
        AtomicInteger received = new AtomicInteger();
        SMTPServer upstream;
        try {
            upstream = upstream(received);
        } catch (RuntimeException e) { // no loopback port: nothing ran, the scratch spool goes now
            discard(scratch, onExit);
            throw e;
        }
        try (MailerService relay = MailerService.builder(config(scratch, upstream.getPortAllocated()))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            long accepted = 0;
            int rounds = 0;
            boolean settled = false;
            long deadline = t0 + plan.limit().toNanos();
            while (accepted < plan.most() && !(settled && accepted >= plan.least())
                    && (rounds == 0 || System.nanoTime() < deadline)) {
                int n = (int) Math.min(plan.round(), plan.most() - accepted);
                long start = System.nanoTime();
                long compiled = compilerMillis.getAsLong();
                BenchResult sent = SmtpBench.run(new BenchSettings("127.0.0.1", relay.port(), n, SIZE, CONNECTIONS, false,
                        "sender@" + DOMAIN, ALIAS, TIMEOUT), done -> { });
                awaitDelivery(received, accepted + sent.accepted());
                accepted += sent.accepted();
                rounds++;
                long roundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                settled = (compilerMillis.getAsLong() - compiled) * 100 <= (long) SETTLED_PERCENT * roundMillis;
                log.debug("warm-up round {}: {} messages in {} ms, {} ms compiling", rounds, sent.accepted(), roundMillis,
                        compilerMillis.getAsLong() - compiled);
                if (sent.accepted() == 0) {
                    break; // a private relay that refuses warms nothing
                }
            }
            return new Result(accepted, received.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), rounds, settled);
        } finally {
            upstream.stop();
            discard(scratch, onExit);
        }
    }

    /** Removes the scratch spool and its shutdown hook, unless the JVM is exiting (then the hook removes it). */
    private static void discard(Path scratch, Thread onExit) {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
            delete(scratch);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook removes the scratch spool
        }
    }

    /**
     * @return the JVM's accumulated compilation time, milliseconds ({@link CompilationMXBean}), or 0 when the JVM
     *     does not measure it (then {@code --warm-up auto} ends after its least)
     */
    static long compilerMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static void awaitDelivery(AtomicInteger received, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * An in-process upstream that counts and discards, and offers {@code PIPELINING} as Postfix and Gmail do:
     * without it the relay's client would wait for each reply, and the pipelined path that real deliveries take
     * ({@code TrackingTransport}'s write-ahead) would still be cold when the listener opens.
     */
    static SMTPServer upstream(AtomicInteger received) {
        SMTPServer upstream = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("upstream." + DOMAIN)
                .messageHandler((ctx, from, to, data) -> received.incrementAndGet()).build();
        upstream.getCommandHandler().addCommand(new BaseCommand("EHLO", "Introduce yourself.", "<hostname>") {
            @Override
            public void execute(String commandString, Session sess) throws IOException {
                sess.resetMailTransaction();
                sess.setHelo(commandString.length() > 5 ? commandString.substring(5).strip() : "");
                sess.sendResponse("250-upstream." + DOMAIN + "\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES");
            }
        });
        upstream.start();
        return upstream;
    }

    private static RelayConfig config(Path spool, int upstreamPort) {
        String account = "relay@" + DOMAIN;
        return RelayConfig.builder()
                .global(g -> g.defaultHostname("mailer." + DOMAIN).spoolDir(spool).enableRateLimiting(false))
                .domain(DomainConfig.builder(DOMAIN).smtpServer("127.0.0.1").smtpPort(upstreamPort).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).relayAccount(account).build())
                .domain(DomainConfig.builder("mailer." + DOMAIN).smtpServer("localhost").smtpPort(25).tls(TlsMode.NONE)
                        .authMethod(AuthMethod.NONE).build())
                .mapping(MappingConfig.of("warm-up", ALIAS, "sink@" + DOMAIN, account))
                .build();
    }

    /** @return where scratch spools go: {@code /dev/shm} when the host has it (its fsyncs cost nothing), else the temporary directory */
    static Path scratchParent() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Path scratchDirectory(Path parent) {
        try {
            return Files.createTempDirectory(parent, SCRATCH_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the warm-up's scratch spool: " + e.getMessage(), e);
        }
    }

    /**
     * {@code serve} stopped (SIGTERM) during its warm-up exits before the warm-up's own clean-up runs, and has no
     * shutdown hook of its own yet: this one removes the scratch spool then, which in {@code /dev/shm} is memory.
     *
     * @param scratch the warm-up's scratch spool
     * @return the hook, registered; remove it when the warm-up has cleaned up after itself
     */
    static Thread removeOnExit(Path scratch) {
        Thread hook = new Thread(() -> {
            try {
                delete(scratch);
            } catch (UncheckedIOException e) {
                // exiting anyway; what is left is a directory named SCRATCH_PREFIX...
            }
        }, "ssmtp-mailer-warm-up-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the warm-up's scratch spool " + dir + ": " + e.getMessage(), e);
        }
    }
}
