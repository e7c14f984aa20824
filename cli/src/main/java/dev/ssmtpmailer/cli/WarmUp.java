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
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.subethamail.smtp.server.SMTPServer;

/**
 * {@code serve --warm-up N}: before the real listener opens, N throwaway messages go through a private copy of the
 * relay in this JVM (its own listener on 127.0.0.1, its own spool in a scratch directory, an in-process upstream
 * that discards), so that the classes are loaded and the JIT has compiled the accept and delivery paths before the
 * first real client arrives (issue 14, goal 3). Nothing leaves the host and nothing is left behind; the private
 * relay's delivery lines name {@value #DOMAIN}.
 */
final class WarmUp {
    /** The reserved domain (RFC 2606) of the warm-up's addresses. */
    static final String DOMAIN = "warmup.test";
    private static final String ALIAS = "warm-up@mailer." + DOMAIN;
    private static final int SIZE = 1024;
    private static final int CONNECTIONS = 4;
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
     */
    record Result(long messages, int delivered, long millis) {
    }

    /**
     * @param messages how many throwaway messages, at least 1
     * @return what it did
     * @throws UncheckedIOException if the scratch spool cannot be made or removed
     * @throws InterruptedException if interrupted while the messages are on their way
     */
    static Result run(int messages) throws InterruptedException {
        long t0 = System.nanoTime();
        Path scratch = scratchDirectory();
        AtomicInteger received = new AtomicInteger();
        SMTPServer upstream = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("upstream." + DOMAIN)
                .messageHandler((ctx, from, to, data) -> received.incrementAndGet()).build();
        upstream.start();
        try (MailerService relay = MailerService.builder(config(scratch, upstream.getPortAllocated()))
                .server(b -> b.listen("127.0.0.1", 0)).start()) {
            BenchResult sent = SmtpBench.run(new BenchSettings("127.0.0.1", relay.port(), messages, SIZE, CONNECTIONS, false,
                    "sender@" + DOMAIN, ALIAS, TIMEOUT), n -> { });
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.get() < sent.accepted() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            return new Result(sent.accepted(), received.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } finally {
            upstream.stop();
            delete(scratch);
        }
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

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory(scratchParent(), SCRATCH_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the warm-up's scratch spool: " + e.getMessage(), e);
        }
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
