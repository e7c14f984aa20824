package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.cli.probe.ProbeReport;
import dev.ssmtpmailer.cli.probe.ProbeStep;
import dev.ssmtpmailer.cli.probe.UpstreamProbe;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code test [--domain NAME]}: resolve, connect, TLS and AUTH for each enabled upstream account; no mail sent. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Check each enabled upstream account (no mail is sent).",
                "Steps: resolve, connect, TLS (protocol, cipher, certificate subject and expiry), AUTH.",
                "Prints a table; exit 69 naming the failed step if any account fails."})
final class TestCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--domain", paramLabel = "NAME", description = "Check only this [domain:NAME] account.")
    String domain;

    @Override
    public Integer call() {
        Logging.quiet(false);
        RelayConfig config = main.config();
        List<DomainConfig> accounts = accounts(config);
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        Consumer<String> trace = main.verbose ? line -> {
            err.println(line);
            err.flush();
        } : line -> { };
        UpstreamProbe probe = UpstreamProbe.create(TokenProvider.create(), trace);
        List<ProbeReport> failed = new ArrayList<>();
        out.printf("%-24s %-8s %-6s %s%n", "DOMAIN", "STEP", "RESULT", "DETAIL");
        for (DomainConfig account : accounts) {
            ProbeReport report = probe.probe(account, config.global());
            for (ProbeStep step : report.steps()) {
                out.printf("%-24s %-8s %-6s %s%n", account.name(),
                        step.step().name().toLowerCase(Locale.ROOT), step.passed() ? "ok" : "FAIL", step.detail());
            }
            out.printf("%-24s %-8s %-6s %s via %s%n", account.name(), "overall", report.passed() ? "ok" : "FAIL",
                    report.account(), report.server());
            out.flush();
            if (!report.passed()) {
                failed.add(report);
            }
        }
        if (!failed.isEmpty()) {
            ProbeReport first = failed.get(0);
            ProbeStep step = first.failure().orElseThrow();
            throw new Main.Failure(ExitStatus.UNAVAILABLE, "test: " + failed.size() + " of " + accounts.size() + " upstream accounts failed; "
                    + first.domain() + " at " + step.step() + ": " + step.detail());
        }
        return 0;
    }

    private List<DomainConfig> accounts(RelayConfig config) {
        if (domain != null) {
            DomainConfig d = config.domain(domain)
                    .orElseThrow(() -> new Main.Failure(ExitStatus.DATA, "test: no [domain:" + domain + "] in " + main.configDir));
            if (d.isLocal(config.global().defaultHostname())) {
                throw new Main.Failure(ExitStatus.DATA, "test: " + domain + " is the local domain, not an upstream account");
            }
            return List.of(d);
        }
        List<DomainConfig> upstreams = config.upstreamAccounts();
        if (upstreams.isEmpty()) {
            throw new Main.Failure(ExitStatus.CONFIG, "test: no enabled upstream account in " + main.configDir);
        }
        return upstreams;
    }
}
