package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.DomainRole;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.ProbeStep;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code test [--domain NAME]}: walks each enabled upstream account through the steps of a delivery, with the
 * relay's own SMTP client from a fresh {@link RelayAssembly} ({@link SmtpRelayClient#probe}: the same trust,
 * timeouts and login code; a fresh client has no pooled connection, so every step runs), and sends no mail.
 */
@Command(name = "test",
        description = {"Check each enabled upstream account with the relay's own client (no mail is sent).",
                "Steps: resolve, connect, greeting, EHLO, STARTTLS, TLS (protocol, cipher, certificate subject and expiry,",
                "verification), EHLO, AUTH; one row each with its time and the server's reply.",
                "Exit 69 naming the failed step if any account fails."})
final class TestCommand extends Subcommand {
    private static final String ROW = "%-24s %-8s %-6s %7s  %s%n";

    @Option(names = "--domain", paramLabel = "NAME", description = "Check only this [domain:NAME] account.")
    String domain;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Logging.quiet(main.verbose);
        RelayConfig config = main.config();
        List<DomainConfig> accounts = accounts(config);
        PrintWriter out = out();
        int failed = 0;
        String firstFailure = null;
        if (!json.on()) {
            out.printf(ROW, "DOMAIN", "STEP", "RESULT", "TIME", "DETAIL");
        }
        List<ProbeResult> results = new ArrayList<>();
        try (RelayAssembly parts = RelayAssembly.create(config)) {
            for (DomainConfig account : accounts) {
                ProbeResult result = parts.smtpClient().probe(account);
                results.add(result);
                for (ProbeStep step : json.on() ? List.<ProbeStep>of() : result.steps()) {
                    out.printf(ROW, account.name(), step.step().name().toLowerCase(Locale.ROOT), result(step),
                            step.verdict() == ProbeStep.Verdict.SKIPPED ? "-" : step.elapsed().toMillis() + " ms", text(step));
                }
                if (!json.on()) {
                    out.printf(ROW, account.name(), "overall", result.healthy() ? "ok" : "FAIL", "",
                            account.displayName() + " via " + account.smtpServer() + ":" + account.smtpPort());
                }
                out.flush();
                if (!result.healthy()) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = account.name() + " at " + result.failedStep()
                                .map(s -> s.step() + ": " + text(s)).orElse(result.phase() + ": " + result.detail());
                    }
                }
            }
        }
        if (json.on()) {
            out.println(Json.probes(accounts, results));
            out.flush();
        }
        if (failed > 0) {
            throw new Main.Failure(ExitStatus.UNAVAILABLE, "test: " + failed + " of " + accounts.size()
                    + " upstream accounts failed; " + firstFailure);
        }
        return 0;
    }

    private static String result(ProbeStep step) {
        return switch (step.verdict()) {
            case PASSED -> "ok";
            case FAILED -> "FAIL";
            case SKIPPED -> "skip";
        };
    }

    /** @return the server's reply and what the step found, once each */
    static String text(ProbeStep step) {
        if (step.reply().isEmpty() || step.detail().contains(step.reply())) {
            return step.detail().isEmpty() ? step.reply() : step.detail();
        }
        return step.detail().isEmpty() ? step.reply() : step.reply() + " -- " + step.detail();
    }

    private List<DomainConfig> accounts(RelayConfig config) {
        if (domain != null) {
            DomainConfig d = config.domain(domain)
                    .orElseThrow(() -> new Main.Failure(ExitStatus.DATA, "test: no [domain:" + domain + "] in " + main.configDir));
            if (DomainRole.of(config, d).local()) {
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
