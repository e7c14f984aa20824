package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.cli.dnscheck.DnsCheck;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.queue.QueueId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --json} field names are an interface: what the commands print is what docs/operations.md lists. */
class JsonTest {
    private static final Pattern NAME = Pattern.compile("\"([a-z_]+)\":");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z_]+)`");

    @TempDir
    Path dir;

    /** @return command ({@code queue list}) to the field names its rows in the docs list */
    private static Map<String, Set<String>> documented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "operations.md"));
        String table = doc.substring(doc.indexOf("## JSON output"), doc.indexOf("```bash", doc.indexOf("## JSON output")));
        Map<String, Set<String>> fields = new TreeMap<>();
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 4 || !cells[1].contains("--json")) {
                continue;
            }
            Set<String> names = new TreeSet<>();
            Matcher m = BACKTICKED.matcher(cells[3].replaceAll("\\([^)]*\\)", ""));
            while (m.find()) {
                names.add(m.group(1));
            }
            Matcher c = Pattern.compile("`([a-z -]+) --json`").matcher(cells[1]);
            while (c.find()) {
                fields.computeIfAbsent(c.group(1), k -> new TreeSet<>()).addAll(names);
            }
        }
        return fields;
    }

    private static Set<String> names(String... json) {
        Set<String> names = new TreeSet<>();
        for (String j : json) {
            Matcher m = NAME.matcher(j.replaceAll("\"values\":\\{[^}]*\\}", "\"values\":{}"));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String ok(Cli.Result r) {
        assertThat(r.status()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void docs_listEveryCommandWithJson() throws IOException {
        assertThat(documented()).containsOnlyKeys("test", "config", "queue list", "queue show", "dns-check");
    }

    @Test
    void config_fieldsAreTheDocumentedOnes() throws IOException {
        String valid = ok(Cli.run("--config-dir", ConfigCommandTest.GUIDE_TREE.toString(), "config", "--json"));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("ssmtp-mailer.conf"), "[global]\nmax_message_size = lots\n");
        Cli.Result invalid = Cli.run("--config-dir", broken.toString(), "config", "--validate", "--json");

        assertThat(invalid.status()).isEqualTo(78);
        assertThat(valid).startsWith("{\"valid\":true").contains("\"section\":\"global\"", "\"default_hostname\":\"mailer.domain1.com\"")
                .doesNotContain("app-password");
        assertThat(invalid.out()).startsWith("{\"valid\":false").contains("\"key\":\"max_message_size\"");
        assertThat(names(valid, invalid.out())).isEqualTo(documented().get("config"));
    }

    @Test
    void config_databaseUrlCarryingAPassword_printsItMasked_asTheTextForm() {
        String json = Json.config(RelayConfig.builder().global(g -> g.queueBackend("postgres")
                .databaseUrl("jdbc:postgresql://db/mail?user=r&password=s3cret")).build());

        assertThat(json).contains("\"database_url\":\"jdbc:postgresql://db/mail?user=r&password=******\"")
                .doesNotContain("s3cret");
    }

    @Test
    void test_fieldsAreTheDocumentedOnes() throws IOException {
        try (FakeUpstream upstream = new FakeUpstream()) {
            Path tree = upstream.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);

            String out = ok(Cli.run("--config-dir", tree.toString(), "test", "--json"));

            assertThat(out).startsWith("{\"healthy\":true").contains("\"step\":\"auth\",\"result\":\"passed\"", "\"failed_step\":null");
            assertThat(names(out)).isEqualTo(documented().get("test"));
        }
    }

    @Test
    void queue_fieldsAreTheDocumentedOnes() throws IOException {
        Path tree;
        try (FakeUpstream closed = new FakeUpstream()) {
            tree = closed.writeTree(dir.resolve("tree"), FakeUpstream.PASSWORD);
            FakeUpstream.addServe(tree, dir.resolve("spool"));
        } // the upstream is gone, so the message stays queued
        QueueId id = FakeUpstream.submitOne(tree);

        String list = ok(Cli.run("--config-dir", tree.toString(), "queue", "list", "--json"));
        String show = ok(Cli.run("--config-dir", tree.toString(), "queue", "show", id.value(), "--json"));

        assertThat(list).startsWith("{\"messages\":[{\"id\":\"" + id.value() + "\"").endsWith("\"queued\":1,\"dead\":0}\n");
        assertThat(show).contains("\"deliver_to\":\"buyer@example.com\"", "\"sender\":\"contact-sales@mailer.domain1.com\"");
        assertThat(names(list)).isEqualTo(documented().get("queue list"));
        assertThat(names(show)).isEqualTo(documented().get("queue show"));
    }

    @Test
    void dnsCheck_fieldsAreTheDocumentedOnes() throws IOException {
        String out = Json.dnsChecks(List.of(new DnsCheck("domain1.com", "spf", "domain1.com", DnsCheck.Verdict.FAILED, "no SPF record", "add one")));

        assertThat(names(out)).isEqualTo(documented().get("dns-check"));
    }
}
