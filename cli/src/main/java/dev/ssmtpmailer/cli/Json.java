package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.cli.dnscheck.DnsCheck;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.config.SectionValues;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.smtp.ProbeResult;
import dev.ssmtpmailer.smtp.ProbeStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The little JSON the CLI writes ({@code --json} of {@code dns-check}, {@code test}, {@code config},
 * {@code queue list} and {@code queue show}); strings escaped per RFC 8259. The field names are an interface:
 * {@code docs/operations.md} lists them and {@code JsonTest} holds the two together. Every field is always
 * present ({@code null} when it has no value), times are ISO-8601 UTC, enums lower case.
 */
final class Json {
    private Json() {
    }

    /** One JSON object, fields in the order they are added. */
    static final class Obj {
        private final StringBuilder b = new StringBuilder("{");

        private Obj name(String name) {
            b.append(b.length() == 1 ? "" : ",").append(string(name)).append(':');
            return this;
        }

        Obj str(String name, Object value) {
            name(name).b.append(value == null ? "null" : string(value.toString()));
            return this;
        }

        Obj num(String name, long value) {
            name(name).b.append(value);
            return this;
        }

        Obj bool(String name, boolean value) {
            name(name).b.append(value);
            return this;
        }

        /** @param json a value already in JSON (an object, an array) */
        Obj raw(String name, String json) {
            name(name).b.append(json);
            return this;
        }

        @Override
        public String toString() {
            return b + "}";
        }
    }

    static Obj obj() {
        return new Obj();
    }

    static String array(List<?> items) {
        StringBuilder b = new StringBuilder("[");
        for (Object item : items) {
            b.append(b.length() == 1 ? "" : ",").append(item);
        }
        return b.append(']').toString();
    }

    /** {@code test --json}. */
    static String probes(List<DomainConfig> accounts, List<ProbeResult> results) {
        List<Obj> list = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            DomainConfig a = accounts.get(i);
            ProbeResult r = results.get(i);
            List<Obj> steps = r.steps().stream().map(s -> obj().str("step", lower(s.step())).str("result", lower(s.verdict()))
                    .num("millis", s.elapsed().toMillis()).str("reply", s.reply()).str("detail", s.detail())).toList();
            list.add(obj().str("domain", a.name()).str("account", a.displayName()).str("server", a.smtpServer())
                    .num("port", a.smtpPort()).bool("healthy", r.healthy())
                    .str("failed_step", r.failedStep().map(s -> lower(s.step())).orElse(null)).raw("steps", array(steps)));
        }
        return obj().bool("healthy", results.stream().allMatch(ProbeResult::healthy)).raw("accounts", array(list)).toString();
    }

    /** {@code config --json}: every section with every key's value as {@code config} prints it, secrets masked. */
    static String config(RelayConfig config) {
        List<SectionValues> sections = new ArrayList<>();
        sections.add(SectionValues.of(config.global()));
        config.domains().forEach(d -> sections.add(SectionValues.of(d)));
        config.users().forEach(u -> sections.add(SectionValues.of(u)));
        config.mappings().forEach(m -> sections.add(SectionValues.of(m)));
        List<Obj> list = new ArrayList<>();
        for (SectionValues v : sections) {
            Obj values = obj();
            for (ConfigKey<?> key : ConfigKeys.of(v.kind())) {
                if (v.has(key)) {
                    values.str(key.name(), text(key, v));
                }
            }
            list.add(obj().str("section", v.section()).str("kind", lower(v.kind())).str("name", v.name())
                    .str("file", v.source().file()).num("line", v.source().line()).raw("values", values.toString()));
        }
        return obj().bool("valid", true).raw("problems", "[]").raw("sections", array(list)).toString();
    }

    private static <T> String text(ConfigKey<T> key, SectionValues v) {
        return key.secret() ? Secret.MASK : key.type().format(v.get(key));
    }

    /** {@code config --json} (and {@code --validate --json}) of a tree with problems. */
    static String problems(List<ConfigProblem> problems) {
        List<Obj> list = problems.stream().map(p -> obj().str("file", p.file()).num("line", p.line()).str("section", p.section())
                .str("key", p.key()).str("message", p.message())).toList();
        return obj().bool("valid", false).raw("problems", array(list)).raw("sections", "[]").toString();
    }

    /** One message of {@code queue list --json} and {@code queue show --json}. */
    static String queueEntry(QueueEntry e) {
        List<Obj> recipients = new ArrayList<>();
        for (QueueRecipient r : e.recipients()) {
            recipients.add(obj().str("original", r.original().address()).str("deliver_to", r.deliverTo().address())
                    .str("account", r.account()).str("state", lower(r.state())).num("attempts", r.attempts())
                    .str("last_reply", r.lastReply().isEmpty() ? null : r.lastReply()));
        }
        return obj().str("id", e.id().value()).str("state", e.dead() ? "dead" : "queued").str("created", e.created())
                .num("size", e.size()).str("next_attempt", e.dead() ? null : e.nextAttempt())
                .str("sender", e.sender() == null ? "" : e.sender().address()).str("dead_reason", e.deadReason())
                .raw("recipients", array(recipients)).toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static String dnsChecks(List<DnsCheck> checks) {
        StringBuilder b = new StringBuilder("{\"passed\":").append(checks.stream().allMatch(DnsCheck::passed))
                .append(",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            DnsCheck c = checks.get(i);
            b.append(i == 0 ? "" : ",").append("{\"domain\":").append(string(c.domain()))
                    .append(",\"check\":").append(string(c.check()))
                    .append(",\"name\":").append(string(c.name()))
                    .append(",\"passed\":").append(c.passed())
                    .append(",\"detail\":").append(string(c.detail()))
                    .append(",\"fix\":").append(string(c.fix()))
                    .append(",\"verdict\":").append(string(c.verdict().name().toLowerCase(Locale.ROOT))).append('}');
        }
        return b.append("]}").toString();
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
