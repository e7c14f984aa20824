package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import dev.ssmtpmailer.ini.IniConfigWatcher;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.server.MailerService;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the inbound server and the delivery workers, until SIGTERM (or SIGINT). Then the listener
 * stops accepting, messages already in {@code DATA} are spooled, the workers finish the attempts in flight,
 * and everything not yet delivered stays in the spool for the next start. Changes to the configuration tree
 * are applied while running (a tree with problems is refused and the running configuration stays). With
 * {@code metrics_listen}, {@code /metrics} and {@code /health} are served there ({@link ServeMetrics}). SIGHUP
 * does not stop it: it reopens {@code log_file} and reloads the tree ({@link Hangup}).
 */
@Command(name = "serve",
        description = {"Run the inbound relay server and the delivery workers until SIGTERM.",
                "Logs go to log_file at log_level (standard output without log_file); -v adds the SMTP trace.",
                "On SIGTERM: stop accepting, finish deliveries in flight, keep the spool.",
                "On SIGHUP: reopen log_file (for logrotate) and reload the configuration tree."})
final class ServeCommand extends Subcommand {
    /** Made when first used: slf4j-simple must be configured (log_file) before the first logger exists. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    }

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Listen here instead of the local domain's listen_address/listen_port.")
    String listen;

    @Option(names = "--log-stdout", description = "Log to standard output whatever log_file says (systemd, containers).")
    boolean logStdout;

    @Option(names = "--no-watch", description = "Do not apply changes to the configuration tree while running.")
    boolean noWatch;

    @Option(names = "--warm-up", paramLabel = "N|auto|idle", defaultValue = "0",
            description = "Before listening, relay N throwaway messages through a private copy of the relay on 127.0.0.1, "
                    + "so that the first real ones run at full speed (default 0: none); auto: rounds of 500 until the "
                    + "JIT has settled, at least as many messages as C2's Tier4InvocationThreshold (5000 with the "
                    + "JDK's defaults, 15000 with serve.jvm-options; where C2 never compiles, as with "
                    + "-XX:TieredStopAtLevel=1, C1's Tier3InvocationThreshold, so one round; at most " + WarmUp.AUTO_MOST
                    + " messages or a minute); idle (the systemd unit's): "
                    + "as auto, but after listening, in the background, only while no client is connected and the queue "
                    + "is empty.")
    String warmUp;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = listen == null ? null : listenAddress();
        boolean warmUpIdle = "idle".equals(warmUp);
        int warmUpMessages = warmUpIdle ? 0 : warmUpMessages();
        LogFile log = configureLogging();
        // after configureLogging: WarmUp makes its logger when first used, and the first logger fixes the levels
        IdleWarmUp idle = warmUpIdle ? new IdleWarmUp(WarmUp.Plan.auto()) : null;
        RelayConfig config = main.config();
        PreTouch.inBackground(config); // what the first message would set up, beside the rest of the start
        // queue_backend = postgres: the queue and the rate limits in the shared database (or a clear error, 69)
        PostgresBackend backend = PostgresBackend.forConfig(config).orElse(null);
        RelayAssembly.Builder parts = backend == null ? RelayAssembly.builder(config)
                : backend.applyTo(RelayAssembly.builder(config), config);
        ServeMetrics metrics = ServeMetrics.attach(config, parts);
        MailerService.Builder builder = MailerService.builder(parts).server(b -> {
            if (address != null) {
                b.listen(address.getHostString(), address.getPort());
            }
            if (idle != null) {
                b.listener(idle); // a client pauses the warm-up, a real message ends it
            }
            return metrics == null ? b : metrics.listenTo(b);
        });
        if (logStdout) {
            builder.givenInCode("log_file"); // --log-stdout wins over log_file, at every start too
        }
        MailerService mailer;
        InetSocketAddress metricsAddress;
        try {
            if (warmUpMessages != 0 && !WarmUp.beforeListening(warmUpMessages)) {
                // SIGTERM during the warm-up: the JVM is exiting, so serve does not start listening
                if (backend != null) {
                    backend.close();
                }
                return 0;
            }
            mailer = builder.start();
        } catch (RuntimeException | InterruptedException e) {
            if (backend != null) {
                backend.close();
            }
            throw e;
        }
        try {
            metricsAddress = metrics == null ? null : metrics.start(mailer.queue());
        } catch (RuntimeException e) {
            mailer.close();
            if (backend != null) {
                backend.close();
            }
            throw e;
        }
        AtomicReference<List<String>> waiting = new AtomicReference<>(List.of()); // start-only keys that differ from the started ones
        Consumer<RelayConfig> apply = c -> {
            waiting.set(mailer.reconfigure(c)); // each also a WARN
            if (metrics != null) {
                metrics.accounts(c);
            }
        };
        IniConfigWatcher watcher = IniConfigWatcher.builder(main.configDir).initial(config).onChange(apply).build();
        if (!noWatch) {
            watcher.start();
        }
        switch (Hangup.install(() -> hangup(watcher, log, mailer, waiting))) {
            case UNSUPPORTED -> Log.LOG.warn("SIGHUP cannot be handled on this JVM (no sun.misc.Signal, or -Xrs): it stops serve");
            case IGNORED -> Log.LOG.warn("SIGHUP will not reopen log_file or reload the configuration: serve was started "
                    + "with SIGHUP ignored (e.g. under nohup), and the JVM then never receives it. Start serve without "
                    + "nohup (systemd's ExecReload sends SIGHUP); until then use logrotate's copytruncate"
                    + (noWatch ? " and restart serve to apply configuration changes" : "; configuration changes are "
                    + "still applied by the file watcher"));
            case HANDLED -> { }
        }
        Thread hook = new Thread(() -> {
            if (idle != null) {
                idle.stopSoon(); // after the part in flight; stop accepting first, then wait for it
            }
            watcher.close();
            mailer.close();
            if (idle != null) {
                idle.close();
            }
            if (backend != null) {
                backend.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }, "ssmtp-mailer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = out();
        out.printf("ssmtp-mailer: listening on %s:%d%s, spool %s%n", mailer.server().address().getHostAddress(),
                mailer.port(), mailer.server().offersStartTls() ? " (STARTTLS)" : "",
                backend == null ? config.global().spoolDir() : backend.database().url() + " schema "
                        + backend.database().settings().schema() + " as " + backend.database().settings().instanceId());
        if (metricsAddress != null) {
            out.printf("ssmtp-mailer: metrics on http://%s:%d/metrics and /health%n",
                    metricsAddress.getAddress().getHostAddress(), metricsAddress.getPort());
        }
        out.flush();
        if (idle != null) {
            idle.start(() -> mailer.queue().stats().depth() > 0);
        }
        mailer.awaitClose();
        return 0;
    }

    /**
     * SIGHUP, logrotate's {@code postrotate kill -HUP}: reopen the log, then reload the tree as the watcher does
     * (a tree with problems is refused, WARN, and the running configuration stays) and the server certificate
     * (a renewal changes no key). Off the signal thread. A log that cannot be reopened is logged (to the old file,
     * still open) and the reload goes on.
     */
    private static void hangup(IniConfigWatcher watcher, LogFile log, MailerService mailer,
                               AtomicReference<List<String>> waiting) {
        Thread t = new Thread(() -> {
            String reopened = "";
            try {
                if (log != null) {
                    log.reopen();
                    reopened = "log reopened, ";
                }
            } catch (UncheckedIOException e) {
                Log.LOG.warn("SIGHUP: the log stays the old file: {}", e.getMessage());
            }
            try {
                IniConfigWatcher.Outcome outcome = watcher.reloadNow();
                // the keys of the tree in force: this reload's, or the file watcher's if it applied the same tree first
                List<String> restart = outcome != IniConfigWatcher.Outcome.REJECTED ? waiting.get() : List.of();
                Log.LOG.info("SIGHUP: {}configuration {}{}", reopened, outcome.name().toLowerCase(Locale.ROOT),
                        restart.isEmpty() ? "" : " but for " + String.join(", ", restart) + " (read at start: restart to apply)");
                if (outcome != IniConfigWatcher.Outcome.APPLIED) {
                    mailer.reloadCertificate(); // an applied tree read it already (MailerService.reconfigure)
                }
            } catch (RuntimeException e) {
                Log.LOG.warn("SIGHUP: the reloaded configuration could not be applied, the running one stays: {}", e.getMessage());
            }
        }, "ssmtp-mailer-sighup");
        t.setDaemon(true);
        t.start();
    }

    /** @return {@code --warm-up}'s count, or -1 for {@code auto} */
    private int warmUpMessages() {
        if ("auto".equals(warmUp)) {
            return -1;
        }
        int n;
        try {
            n = Integer.parseInt(warmUp);
        } catch (NumberFormatException e) {
            throw new Main.Failure(ExitStatus.USAGE, "serve: --warm-up needs a number, auto or idle, was '" + warmUp + "'");
        }
        if (n < 0) {
            throw new Main.Failure(ExitStatus.USAGE, "serve: --warm-up must not be negative, was " + n);
        }
        return n;
    }

    /** @return {@code --listen HOST:PORT}, checked before anything starts (not resolved: the server binds it) */
    private InetSocketAddress listenAddress() {
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new Main.Failure(ExitStatus.USAGE, "serve: --listen needs HOST:PORT, was '" + listen + "'");
        }
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Main.Failure(ExitStatus.USAGE, "serve: --listen port is not a number: '" + listen + "'");
        }
        if (port < 0 || port > 65535) {
            throw new Main.Failure(ExitStatus.USAGE, "serve: --listen port must be 0-65535, was " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * slf4j-simple reads its settings once, when the first logger is made, and loading the tree already logs:
     * so {@code log_file} and {@code log_level} are read from {@code [global]} alone before the tree is loaded.
     */
    private LogFile configureLogging() {
        GlobalSettings global = IniConfig.readGlobal(main.configDir);
        try {
            return Logging.toFile(logStdout ? null : global.logFile(), global.logLevel(), main.verbose);
        } catch (UncheckedIOException e) {
            throw new Main.Failure(ExitStatus.IO, "serve: " + e.getMessage());
        }
    }
}
