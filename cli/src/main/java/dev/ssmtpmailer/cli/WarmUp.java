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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * relay's lines at INFO are left out of the log ({@link WarmUpLog}); one INFO line sums the warm-up up.
 * {@code serve --warm-up auto} relays rounds until the JIT has settled, and at least as many messages as C2 waits for
 * (C1 when C2 never compiles: {@link #autoLeast}); {@code serve --warm-up idle} does the same after listening, in the background, while no client
 * is there ({@link IdleWarmUp}).
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
    /**
     * {@code serve}'s warm-ups send a round in parts of this many, and stop between two: {@code --warm-up idle} when a
     * real client comes, any of them when {@code serve} is stopped (SIGTERM).
     */
    static final int PART = 50;
    /** {@code --warm-up auto} ends after this many messages even if the JIT has not settled. */
    static final int AUTO_MOST = 20_000;
    /** {@code --warm-up auto} starts no new round after this long (a loaded host), settled or not. */
    static final Duration AUTO_LIMIT = Duration.ofSeconds(60);
    /** A round in which the compilers worked less than this share of its time means the JIT has settled. */
    static final int SETTLED_PERCENT = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * At the JVM's exit, how long its hook waits for a running warm-up to stop and close its private relay before it
     * removes the scratch spool: as long as {@code serve}'s shutdown waits for the warm-up ({@link IdleWarmUp#close}),
     * so that a private relay still closing does not lose its spool under it.
     */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    /** How often a paused warm-up asks whether it may go on. */
    private static final long PAUSE_POLL_MILLIS = 20;
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
     * @param stopped whether it was told to stop before its plan was done (real traffic, {@code serve} stopping)
     */
    record Result(long messages, int delivered, long millis, int rounds, boolean settled, boolean stopped) {
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
     * @param part a round is sent in parts of this many messages; a warm-up told to stop does so between two parts
     */
    record Plan(int least, int most, int round, Duration limit, Path scratchParent, int part) {
        /** @return {@code --warm-up N}: one round of N messages, in parts of {@value #PART} */
        static Plan fixed(int messages) {
            return new Plan(messages, messages, messages, TIMEOUT, WarmUp.scratchParent(), PART);
        }

        /**
         * @return {@code --warm-up auto} and {@code --warm-up idle}: rounds of {@value #ROUND} in parts of {@value #PART}
         *     until settled, at least this JVM's {@code Tier4InvocationThreshold}, or its C1 threshold when C2 never
         *     compiles ({@link #autoLeast}, {@link JitFlags#lastTierInvocations}), at most {@link #AUTO_MOST},
         *     {@link #AUTO_LIMIT}
         */
        static Plan auto() {
            return new Plan(autoLeast(JitFlags.current().lastTierInvocations()), AUTO_MOST, ROUND, AUTO_LIMIT,
                    WarmUp.scratchParent(), PART);
        }
    }

    /**
     * The least of {@code --warm-up auto}: as many messages as C2 waits for before it compiles a method run once per
     * message. C1 has compiled the per-message path after a round or two, and the rounds until C2 takes it pass the
     * settled test; with C2 later (packaging/serve.jvm-options, 15,000) a warm-up that stopped there left the next
     * thousands 15% slower (docs/performance.md, goal 3, "C2 later"). Where C2 never compiles (an operator's
     * {@code -XX:TieredStopAtLevel=1}), waiting for C2's threshold is pointless: C1's is the least then.
     *
     * @param lastTierInvocations the calls after which the last compiler this JVM runs compiles a method
     *        ({@link JitFlags#lastTierInvocations}: C2's {@code Tier4InvocationThreshold}, else C1's)
     * @return that, at least {@value #ROUND} and at most {@value #AUTO_MOST}
     */
    static int autoLeast(long lastTierInvocations) {
        return (int) Math.max(ROUND, Math.min(AUTO_MOST, lastTierInvocations));
    }

    /**
     * {@code serve}'s warm-up, logged at INFO. A warm-up that fails (no scratch directory, no loopback port) is a
     * WARN, not an error: {@code serve} then listens cold, as without {@code --warm-up}.
     *
     * @param messages {@code --warm-up N}: N throwaway messages; negative for {@code --warm-up auto}
     * @return whether {@code serve} goes on to listen: false when the JVM's exit (SIGTERM) stopped the warm-up
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static boolean beforeListening(int messages) throws InterruptedException {
        try {
            Result w = quietly(messages > 0 ? Plan.fixed(messages) : Plan.auto(), () -> false, () -> false);
            if (w.stopped()) { // nothing but the JVM's exit stops this one
                log.info("warm-up: stopped, serve is stopping; not listening");
                return false;
            }
            log.info("warm-up: {} throwaway messages relayed to an in-process upstream in {} ms{}", w.delivered(), w.millis(),
                    messages > 0 ? "" : ", " + w.rounds() + " rounds, JIT " + (w.settled() ? "settled" : "still compiling"));
        } catch (RuntimeException e) {
            log.warn("warm-up failed, listening without it: {}", e.toString());
        }
        return true;
    }

    /**
     * {@link #run} for {@code serve}: the JVM's compilers measured, the warm-up's lines at INFO left out of the log.
     *
     * @param plan how many messages, in which rounds
     * @param stop asked between two parts of a round: whether to stop now
     * @param hold asked between two parts of a round: whether to pause (while a client is connected)
     * @return what it did
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static Result quietly(Plan plan, BooleanSupplier stop, BooleanSupplier hold) throws InterruptedException {
        try {
            return WarmUpLog.quietly(() -> run(plan, WarmUp::compilerMillis, stop, hold));
        } catch (RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // run throws nothing else
        }
    }

    /**
     * @param plan how many messages, in which rounds, where
     * @param compilerMillis the JIT's work so far, milliseconds (for {@code serve}: {@link #compilerMillis()})
     * @param told asked before each part of a round: whether to stop now (the part in flight is finished first); the
     *        JVM's exit stops it too
     * @param hold asked before each part of a round: whether to pause until it says no ({@code --warm-up idle}: a
     *        client is connected). A round with a pause does not count as settled (its compilers' share of the time
     *        says nothing), and the pauses do not count against the plan's limit.
     * @return what it did; stopped, with nothing relayed, when the JVM was already exiting
     * @throws UncheckedIOException if the scratch spool cannot be made or removed
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static Result run(Plan plan, LongSupplier compilerMillis, BooleanSupplier told, BooleanSupplier hold)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Path scratch = scratchDirectory(plan.scratchParent());
        // the JVM exiting (SIGTERM) stops the warm-up too, and its hook waits for the private relay to close
        AtomicBoolean exiting = new AtomicBoolean();
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread onExit;
        try {
            onExit = removeOnExit(scratch, () -> {
                exiting.set(true);
                try {
                    cleanedUp.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (IllegalStateException e) { // "Shutdown in progress": SIGTERM came after the directory was made
            delete(scratch);
            return new Result(0, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), 0, false, true);
        }
        BooleanSupplier stop = () -> exiting.get() || told.getAsBoolean();
        AtomicInteger received = new AtomicInteger();
        // one clean-up for every end, a failed start too (no loopback port: nothing ran, the scratch spool goes now)
        try (Upstream upstream = new Upstream(upstream(received));
             MailerService relay = MailerService.builder(config(scratch, upstream.server().getPortAllocated()))
                     .server(b -> b.listen("127.0.0.1", 0)).start()) {
            long accepted = 0;
            int rounds = 0;
            boolean settled = false;
            boolean stopped = false;
            long deadline = t0 + plan.limit().toNanos();
            while (accepted < plan.most() && !(settled && accepted >= plan.least())
                    && (rounds == 0 || System.nanoTime() < deadline)) {
                deadline += pause(hold, stop); // before the round: not part of its time
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                int n = (int) Math.min(plan.round(), plan.most() - accepted);
                long start = System.nanoTime();
                long compiled = compilerMillis.getAsLong();
                long sent = 0;
                long paused = 0; // nanoseconds, in this round
                for (int left = n; left > 0; ) {
                    int part = Math.min(plan.part(), left);
                    BenchResult r = SmtpBench.run(new BenchSettings("127.0.0.1", relay.port(), part, SIZE, CONNECTIONS, false,
                            "sender@" + DOMAIN, ALIAS, TIMEOUT), done -> { });
                    sent += r.accepted();
                    awaitDelivery(received, accepted + sent, stop);
                    left = r.accepted() == 0 ? 0 : left - part;
                    paused += left > 0 ? pause(hold, stop) : 0;
                    if (left > 0 && stop.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                }
                accepted += sent;
                rounds++;
                deadline += paused;
                long roundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start - paused);
                long compiling = compilerMillis.getAsLong() - compiled;
                settled = !stopped && paused == 0 // a paused round's share of compiling says nothing
                        && compiling * 100 <= (long) SETTLED_PERCENT * roundMillis;
                log.debug("warm-up round {}: {} messages in {} ms, {} ms compiling", rounds, sent, roundMillis, compiling);
                if (sent == 0 || stopped) {
                    break; // a private relay that refuses warms nothing; a stopped one ends here
                }
            }
            return new Result(accepted, received.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), rounds, settled,
                    stopped);
        } finally {
            try {
                discard(scratch, onExit);
            } finally {
                cleanedUp.countDown(); // releases a running exit hook; discard throws only once it has removed the hook
            }
        }
    }

    /** The in-process upstream as a resource of {@link #run}: stopped after the private relay has closed. */
    private record Upstream(SMTPServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    /**
     * Waits while {@code hold} says so and {@code stop} does not ({@code --warm-up idle}: while a client is connected;
     * a probe that connects and leaves only pauses the warm-up).
     *
     * @return how long it waited, nanoseconds: more than 0 if {@code hold} said yes at all
     * @throws InterruptedException if interrupted while waiting
     */
    static long pause(BooleanSupplier hold, BooleanSupplier stop) throws InterruptedException {
        long start = System.nanoTime();
        boolean paused = false;
        while (hold.getAsBoolean() && !stop.getAsBoolean()) {
            paused = true;
            TimeUnit.MILLISECONDS.sleep(PAUSE_POLL_MILLIS);
        }
        return paused ? Math.max(1, System.nanoTime() - start) : 0;
    }

    /**
     * Removes the scratch spool and its shutdown hook. When the JVM is exiting (a {@code serve --warm-up idle} stopped
     * by SIGTERM waits for its warm-up) the hook is removing the spool at the same time, maybe while the private relay
     * still wrote to it: both try, and whichever comes last finds it gone.
     */
    private static void discard(Path scratch, Thread onExit) {
        boolean exiting = false;
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            exiting = true;
        }
        try {
            delete(scratch);
        } catch (UncheckedIOException e) {
            if (!exiting) {
                throw e;
            }
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

    private static void awaitDelivery(AtomicInteger received, long expected, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (received.get() < expected && System.nanoTime() < deadline && !stop.getAsBoolean()) {
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
     * {@code serve} stopped (SIGTERM) during its warm-up may exit before the warm-up's own clean-up has run (before
     * listening it has no shutdown hook of its own yet): this one removes the scratch spool then, which in
     * {@code /dev/shm} is memory. {@link #run} registers it with a first step that stops the warm-up and waits up to
     * {@link #EXIT_WAIT} for its private relay to close, so that the spool is not removed under a relay still writing.
     *
     * @param scratch the warm-up's scratch spool
     * @param first what the hook does before it removes the spool: stop the warm-up and wait for its private relay
     * @return the hook, registered; remove it when the warm-up has cleaned up after itself
     */
    static Thread removeOnExit(Path scratch, Runnable first) {
        Thread hook = new Thread(() -> {
            first.run();
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
        if (Files.notExists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the warm-up's scratch spool " + dir + ": " + e.getMessage(), e);
        }
    }
}
