package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.bench.BenchResult;
import dev.ssmtpmailer.cli.bench.BenchSettings;
import dev.ssmtpmailer.cli.bench.SmtpBench;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: throughput against any SMTP server, like Postfix's {@code smtp-source}; ends with {@code msgs/s: N}. */
@Command(name = "bench",
        description = {"Measure the throughput of any SMTP server, like Postfix's smtp-source.",
                "Sends N messages over C reused sessions (no AUTH).",
                "The last line is `msgs/s: N` (accepted messages per second). Exit 69 if any message was refused."})
final class BenchCommand extends Subcommand {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", required = true, description = "Port.")
    int port;

    @Option(names = "--messages", defaultValue = "1000", paramLabel = "N", description = "Messages in total (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "1024", paramLabel = "BYTES", description = "Size of each message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--connections", defaultValue = "10", paramLabel = "C", description = "Parallel sessions (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--starttls", description = "STARTTLS first (the certificate is not verified: nothing secret is sent).")
    boolean startTls;

    @Option(names = "--from", defaultValue = "bench@domain1.com", description = "Envelope sender (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "sink@example.com", description = "Envelope recipient (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Whether to draw progress; a terminal by default, the tests turn it on or off. */
    boolean terminal = Progress.terminal();

    @Override
    public Integer call() throws InterruptedException {
        Logging.quiet(false);
        BenchSettings settings;
        try {
            settings = new BenchSettings(host, port, messages, size, connections, startTls, from, to,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = out();
        Progress progress = new Progress(err(), "bench", messages, terminal);
        BenchResult r = SmtpBench.run(settings, progress::update);
        progress.done();
        out.printf(Locale.ROOT, "server: %s:%d%s, %d connections, %d bytes per message%n", host, port,
                startTls ? " (STARTTLS)" : "", settings.connections(), size);
        out.printf(Locale.ROOT, "accepted: %d, refused: %d, elapsed: %.3f s%n", r.accepted(), r.refused(),
                r.elapsed().toNanos() / 1e9);
        out.printf(Locale.ROOT, "msgs/s: %.1f%n", r.messagesPerSecond());
        out.flush();
        if (r.refused() > 0) {
            throw new Main.Failure(ExitStatus.UNAVAILABLE, "bench: " + r.refused() + " of " + messages + " messages refused or not sent, first: " + r.firstError());
        }
        return 0;
    }
}
