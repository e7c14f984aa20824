package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.dnscheck.DnsAudit;
import dev.ssmtpmailer.cli.dnscheck.DnsCheck;
import dev.ssmtpmailer.cli.dnscheck.DnsTarget;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.dns.DnsLookup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dns-check}: audits the guide's DNS records of each relayed domain and its mailer host. Without
 * domains, the upstream accounts of the configuration are audited; with domains and no configuration, the
 * guide's layout is assumed ({@code mailer.<domain>}, Gmail).
 */
@Command(name = "dns-check",
        description = {"Check A, MX, SPF, DKIM, DMARC and PTR records as the guide publishes them.",
                "One line per check; a failure names the record to publish. Exit 65 if any check fails,",
                "75 if a lookup got no answer (timeout, SERVFAIL), so that a record could not be checked."})
final class DnsCheckCommand extends Subcommand {
    @Parameters(paramLabel = "DOMAIN", arity = "0..*",
            description = "Relayed domains (default: the configuration's upstream accounts).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "Ask this DNS server instead of the system's resolvers.")
    String resolver;

    @Mixin
    JsonOption json;

    @Option(names = "--mailer-host", paramLabel = "NAME",
            description = "The mailer host (default: the configuration's local domain, else mailer.DOMAIN).")
    String mailerHost;

    @Option(names = "--dkim-selector", paramLabel = "SELECTOR", defaultValue = DnsTarget.GOOGLE_SELECTOR,
            description = "DKIM selector to check (default: ${DEFAULT-VALUE}).")
    String selector;

    @Override
    public Integer call() {
        Logging.quiet(false);
        Optional<RelayConfig> config = config();
        List<DnsTarget> targets = targets(config);
        DnsLookup lookup = resolver == null ? DnsLookup.system() : resolver();
        DnsAudit audit = DnsAudit.create(lookup);
        List<DnsCheck> checks = new ArrayList<>();
        PrintWriter out = out();
        for (DnsTarget t : targets) {
            List<DnsCheck> results = audit.audit(t);
            checks.addAll(results);
            if (!json.on()) {
                for (DnsCheck c : results) {
                    out.println(line(c));
                }
                long failed = count(results, DnsCheck.Verdict.FAILED);
                long unknown = count(results, DnsCheck.Verdict.LOOKUP_FAILED);
                out.printf("%s: %d passed, %d failed%s%n", t.domain(), results.size() - failed - unknown, failed,
                        unknown == 0 ? "" : ", " + unknown + " not checked (the lookup failed)");
                out.flush();
            }
        }
        long failed = count(checks, DnsCheck.Verdict.FAILED);
        long unknown = count(checks, DnsCheck.Verdict.LOOKUP_FAILED);
        if (json.on()) {
            out.println(Json.dnsChecks(checks));
            out.flush();
        }
        if (failed > 0) {
            throw new Main.Failure(ExitStatus.DATA, "dns-check: " + failed + " of " + checks.size() + " checks failed");
        }
        if (unknown > 0) {
            DnsCheck first = checks.stream().filter(c -> c.verdict() == DnsCheck.Verdict.LOOKUP_FAILED).findFirst().orElseThrow();
            throw new Main.Failure(ExitStatus.TEMPORARY, "dns-check: " + unknown + " of " + checks.size()
                    + " checks could not be made, first " + first.name() + ": " + first.detail());
        }
        return 0;
    }

    private static long count(List<DnsCheck> checks, DnsCheck.Verdict verdict) {
        return checks.stream().filter(c -> c.verdict() == verdict).count();
    }

    private DnsLookup resolver() {
        try {
            return DnsLookup.create(resolver);
        } catch (IllegalArgumentException e) {
            throw usage("--resolver " + e.getMessage());
        }
    }

    static String line(DnsCheck c) {
        String mark = switch (c.verdict()) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case LOOKUP_FAILED -> "ERR ";
        };
        return String.format(Locale.ROOT, "%s  %-6s %-36s %s%s", mark, c.check(), c.name(), c.detail(),
                c.verdict() == DnsCheck.Verdict.FAILED ? " -- publish: " + c.fix() : "");
    }

    private Optional<RelayConfig> config() {
        if (!Files.isRegularFile(main.configDir.resolve("ssmtp-mailer.conf"))) {
            if (domains.isEmpty()) {
                throw new Main.Failure(ExitStatus.CONFIG, "dns-check: no DOMAIN given and no configuration in " + main.configDir
                        + "; name a DOMAIN, or the configuration with --config-dir DIR or $" + Main.CONFIG_DIR_ENV);
            }
            return Optional.empty();
        }
        try {
            // run from a shell, where the service's password_env variables are not set: a warning, not a failure
            return Optional.of(main.config(p -> err().println(Main.unsetWarning(p))));
        } catch (ConfigException e) {
            if (domains.isEmpty()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private List<DnsTarget> targets(Optional<RelayConfig> config) {
        List<String> names = new ArrayList<>(domains);
        if (names.isEmpty()) {
            config.ifPresent(c -> c.upstreamAccounts().forEach(d -> names.add(d.name())));
        }
        if (names.isEmpty()) {
            throw new Main.Failure(ExitStatus.CONFIG, "dns-check: the configuration has no enabled upstream account; name a DOMAIN");
        }
        List<DnsTarget> targets = new ArrayList<>();
        for (String name : names) {
            String domain = name.toLowerCase(Locale.ROOT);
            boolean gmail = config.flatMap(c -> c.domain(domain)).map(DnsCheckCommand::isGmail).orElse(true);
            String mailer = mailerHost != null ? mailerHost : config.flatMap(c -> localHostOf(c, domain)).orElse("mailer." + domain);
            targets.add(new DnsTarget(domain, mailer, gmail, selector));
        }
        return targets;
    }

    /** The guide's account is Gmail; so is any account whose server is Google's. */
    private static boolean isGmail(DomainConfig d) {
        String s = d.smtpServer() == null ? "" : d.smtpServer().toLowerCase(Locale.ROOT);
        return s.endsWith("gmail.com") || s.endsWith("googlemail.com") || s.endsWith("google.com");
    }

    private static Optional<String> localHostOf(RelayConfig c, String domain) {
        Optional<String> local = c.localDomains().stream().map(DomainConfig::name)
                .filter(n -> n.toLowerCase(Locale.ROOT).endsWith("." + domain)).findFirst();
        if (local.isPresent()) {
            return local;
        }
        String host = c.global().defaultHostname();
        return host != null && host.toLowerCase(Locale.ROOT).endsWith("." + domain) ? Optional.of(host) : Optional.empty();
    }
}
