package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.testing.Await;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.RelayConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniConfigWatcherTest {
    private static final String NEW_MAPPING = """
            [mapping:contact-jobs]
            from_pattern = contact-jobs@mailer.domain1.com
            to_pattern = jobs@domain1.com
            smtp_account = mail-relay@domain1.com
            """;

    @TempDir
    Path tmp;
    Path tree;
    final List<RelayConfig> applied = new ArrayList<>();
    final List<ConfigException> failures = new ArrayList<>();

    @BeforeEach
    void copyGuideTree() {
        tree = Trees.copyOfExample(tmp.resolve("tree"));
    }

    private IniConfigWatcher watcher() {
        return IniConfigWatcher.builder(tree).onChange(applied::add).onFailure(failures::add).build();
    }

    @Test
    void reloadNow_newMappingFile_handsOverTheNewConfig() {
        try (IniConfigWatcher w = watcher()) {
            Trees.write(tree, "mappings/jobs.conf", NEW_MAPPING);

            assertThat(w.reloadNow()).isEqualTo(IniConfigWatcher.Outcome.APPLIED);

            assertThat(applied).hasSize(1);
            assertThat(applied.get(0).mappings()).extracting(m -> m.name()).contains("contact-jobs");
            assertThat(w.current()).isSameAs(applied.get(0));
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void reloadNow_nothingChanged_handsOverNothing() {
        try (IniConfigWatcher w = watcher()) {
            RelayConfig before = w.current();

            assertThat(w.reloadNow()).isEqualTo(IniConfigWatcher.Outcome.UNCHANGED);

            assertThat(applied).isEmpty();
            assertThat(w.current()).isSameAs(before);
        }
    }

    @Test
    void reloadNow_brokenTree_keepsTheOldConfigAndReportsEveryProblem() {
        try (IniConfigWatcher w = watcher()) {
            RelayConfig before = w.current();
            Trees.write(tree, "mappings/jobs.conf", NEW_MAPPING.replace("mail-relay@domain1.com", "nobody@domain1.com"));
            Trees.replace(tree, "domains/domain1.com.conf", "smtp_port = 587", "smtp_port = many");

            assertThat(w.reloadNow()).isEqualTo(IniConfigWatcher.Outcome.REJECTED);

            assertThat(applied).isEmpty();
            assertThat(w.current()).isSameAs(before);
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0).problems()).extracting(ConfigProblem::toString).containsExactly(
                    "domains/domain1.com.conf:4: [domain:domain1.com] smtp_port: must be a whole number, was 'many'",
                    "mappings/jobs.conf:4: [mapping:contact-jobs] smtp_account: 'nobody@domain1.com' matches no enabled "
                            + "[domain:...] relay_account or username (known: mail-relay@domain1.com, mail-relay@mailer.domain1.com)");
        }
    }

    @Test
    void reloadNow_consumerRefuses_currentStays() {
        try (IniConfigWatcher w = IniConfigWatcher.builder(tree)
                .onChange(c -> { throw new IllegalStateException("relay refused"); }).build()) {
            RelayConfig before = w.current();
            Trees.write(tree, "mappings/jobs.conf", NEW_MAPPING);

            assertThatThrownBy(w::reloadNow).hasMessage("relay refused");
            assertThat(w.current()).isSameAs(before);
        }
    }

    @Test
    void build_invalidTreeWithoutInitialConfig_throws() {
        Trees.replace(tree, "domains/domain1.com.conf", "smtp_port = 587", "smtp_port = x");

        assertThatThrownBy(() -> IniConfigWatcher.builder(tree).build()).isInstanceOf(ConfigException.class);
    }

    @Test
    void start_realWatchService_appliesANewMappingWithoutARestart() throws InterruptedException {
        LinkedBlockingQueue<RelayConfig> changes = new LinkedBlockingQueue<>();
        try (IniConfigWatcher w = IniConfigWatcher.builder(tree).onChange(changes::add)
                .debounce(Duration.ofMillis(50)).build().start()) {
            Trees.write(tree, "mappings/jobs.conf", NEW_MAPPING);

            // Bounded wait for the event, not a timing assertion: how fast it arrives does not matter. Writing one
            // file may raise two events (create, then modify) that a loaded machine sees apart, so the first
            // reload can see the file still empty: wait for the reload that has the new mapping.
            RelayConfig next = changes.poll(30, TimeUnit.SECONDS);
            while (next != null && next.mappings().stream().noneMatch(m -> m.name().equals("contact-jobs"))) {
                next = changes.poll(30, TimeUnit.SECONDS);
            }

            assertThat(next).as("a reload with the new mapping within 30 s").isNotNull();
            // The watcher calls onChange before it updates current() (so a throwing callback keeps the old one):
            // wait, bounded, for the update that follows the callback.
            Await.until("current() holds the new mapping",
                    () -> w.current().mappings().stream().anyMatch(m -> m.name().equals("contact-jobs")));
            assertThat(w.current().mappings()).extracting(m -> m.name()).contains("contact-jobs");
        }
    }
}
