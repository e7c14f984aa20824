package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.demo.Demo;
import dev.ssmtpmailer.cli.demo.DemoResult;
import dev.ssmtpmailer.cli.demo.DemoRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the guide's configuration relaying through an in-process upstream; no setup, exits 0 when all went through. */
@Command(name = "demo",
        description = {"Run the whole relay on this machine, no setup: the guide's configuration, an in-process upstream.",
                "The upstream requires STARTTLS and AUTH LOGIN (throwaway certificate); the demo starts the inbound server on a free port,",
                "sends one message from outside to each contact-* alias through it, then the guide's `send`",
                "example. Prints alias -> canonical address, account, upstream reply; exit 0 when all arrived."})
final class DemoCommand extends Subcommand {
    @Option(names = "--keep", description = "Keep the demo's directory (configuration tree, certificate) and print its path.")
    boolean keep;

    /** Whether to draw progress; a terminal by default. */
    boolean terminal = Progress.terminal();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logging.quiet(main.verbose);
        PrintWriter out = out();
        Path dir = Files.createTempDirectory("ssmtp-mailer-demo-");
        try {
            Progress progress = new Progress(err(), "demo", 6, terminal);
            AtomicLong done = new AtomicLong();
            DemoResult result = Demo.run(dir, row -> progress.update(done.incrementAndGet()));
            progress.done();
            out.printf("ssmtp-mailer demo: the guide's configuration (%s), %s pointed at an in-process upstream%n",
                    dir.resolve("etc/ssmtp-mailer"), Demo.DOMAIN);
            out.printf("  on 127.0.0.1:%d requiring STARTTLS and AUTH LOGIN; outside mail sent by %s%n%n", result.upstreamPort(), result.inbound());
            out.printf("%-8s %-36s    %-30s %-24s %s%n", "MESSAGE", "ALIAS", "CANONICAL ADDRESS", "ACCOUNT", "UPSTREAM REPLY");
            for (DemoRow r : result.rows()) {
                String arrow = r.kind().equals("forward") ? "->" : "as";
                out.printf("%-8s %-36s %s %-30s %-24s %s%n", r.kind(), r.alias(), arrow, r.canonical(), r.account(), r.reply());
            }
            out.printf("%nupstream accepted %d of %d messages (over TLS, after AUTH)%n", result.upstreamReceived(), result.rows().size());
            if (keep) {
                out.println("kept: " + dir);
            }
            out.flush();
            if (!result.allDelivered()) {
                throw new Main.Failure(ExitStatus.SOFTWARE, "demo: " + (result.rows().size() - result.rows().stream().filter(DemoRow::delivered).count())
                        + " of " + result.rows().size() + " messages were not relayed");
            }
            return 0;
        } finally {
            if (!keep) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
