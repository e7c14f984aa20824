package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.dnscheck.DnsCheck;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.metrics.JsonObject;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.ProbeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little JSON the CLI writes ({@code --json} of {@code dns-check}, {@code test}, {@code config},
 * {@code queue list} and {@code queue show}), written with {@link JsonObject}. The field names are an interface:
 * {@code docs/operations.md} lists them and {@code JsonTest} holds the two together. Every field is always
 * present ({@code null} when it has no value), times are ISO-8601 UTC, enums lower case.
 */
final class Json {
    private Json() {
    }

    private static JsonObject obj() {
        return new JsonObject();
    }

    /** {@code test --json}. */
    static String probes(List<DomainConfig> accounts, List<ProbeResult> results) {
        List<JsonObject> list = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            DomainConfig a = accounts.get(i);
            ProbeResult r = results.get(i);
            List<JsonObject> steps = r.steps().stream().map(s -> obj().str("step", lower(s.step())).str("result", lower(s.verdict()))
                    .num("millis", s.elapsed().toMillis()).str("reply", s.reply()).str("detail", s.detail())).toList();
            list.add(obj().str("domain", a.name()).str("account", a.displayName()).str("server", a.smtpServer())
                    .num("port", a.smtpPort()).bool("healthy", r.healthy())
                    .str("failed_step", r.failedStep().map(s -> lower(s.step())).orElse(null)).raw("steps", JsonObject.array(steps)));
        }
        return obj().bool("healthy", results.stream().allMatch(ProbeResult::healthy)).raw("accounts", JsonObject.array(list)).toString();
    }

    /**
     * {@code config --json}: every section with every key's value as {@code config} prints it
     * ({@link SectionValues#printable}: secrets and a password in {@code database_url} masked).
     */
    static String config(RelayConfig config) {
        List<SectionValues> sections = new ArrayList<>();
        sections.add(SectionValues.of(config.global()));
        config.domains().forEach(d -> sections.add(SectionValues.of(d)));
        config.users().forEach(u -> sections.add(SectionValues.of(u)));
        config.mappings().forEach(m -> sections.add(SectionValues.of(m)));
        List<JsonObject> list = new ArrayList<>();
        for (SectionValues v : sections) {
            JsonObject values = obj();
            for (ConfigKey<?> key : ConfigKeys.of(v.kind())) {
                if (v.has(key)) {
                    values.str(key.name(), v.printable(key));
                }
            }
            list.add(obj().str("section", v.section()).str("kind", lower(v.kind())).str("name", v.name())
                    .str("file", v.source().file()).num("line", v.source().line()).raw("values", values));
        }
        return obj().bool("valid", true).raw("problems", "[]").raw("sections", JsonObject.array(list)).toString();
    }

    /** {@code config --json} (and {@code --validate --json}) of a tree with problems. */
    static String problems(List<ConfigProblem> problems) {
        List<JsonObject> list = problems.stream().map(p -> obj().str("file", p.file()).num("line", p.line()).str("section", p.section())
                .str("key", p.key()).str("message", p.message())).toList();
        return obj().bool("valid", false).raw("problems", JsonObject.array(list)).raw("sections", "[]").toString();
    }

    /** One message of {@code queue list --json} and {@code queue show --json}. */
    static String queueEntry(QueueEntry e) {
        List<JsonObject> recipients = new ArrayList<>();
        for (QueueRecipient r : e.recipients()) {
            recipients.add(obj().str("original", r.original().address()).str("deliver_to", r.deliverTo().address())
                    .str("account", r.account()).str("state", lower(r.state())).num("attempts", r.attempts())
                    .str("last_reply", r.lastReply().isEmpty() ? null : r.lastReply()));
        }
        return obj().str("id", e.id().value()).str("state", e.dead() ? "dead" : "queued").str("created", e.created())
                .num("size", e.size()).str("next_attempt", e.dead() ? null : e.nextAttempt())
                .str("sender", e.sender() == null ? "" : e.sender().address()).str("dead_reason", e.deadReason())
                .raw("recipients", JsonObject.array(recipients)).toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** {@code dns-check --json}. */
    static String dnsChecks(List<DnsCheck> checks) {
        List<JsonObject> list = checks.stream().map(c -> obj().str("domain", c.domain()).str("check", c.check())
                .str("name", c.name()).bool("passed", c.passed()).str("detail", c.detail()).str("fix", c.fix())
                .str("verdict", lower(c.verdict()))).toList();
        return obj().bool("passed", checks.stream().allMatch(DnsCheck::passed)).raw("checks", JsonObject.array(list)).toString();
    }
}
