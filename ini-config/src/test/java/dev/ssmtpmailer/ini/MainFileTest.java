package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.GlobalSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [global]} read on its own: {@link IniConfig#readGlobal(Path)} and the directories the watcher watches. */
class MainFileTest {
    @TempDir
    Path tmp;

    @Test
    void readGlobal_guideTree_givesItsLoggingSettings_pathsFollowingTheTree() {
        Path tree = Trees.copyOfExample(tmp.resolve("copy"));

        GlobalSettings g = IniConfig.readGlobal(tree);

        assertThat(g.logFile()).isEqualTo(Path.of("/var/log/ssmtp-mailer.log"));
        assertThat(g.logLevel()).isEqualTo("INFO");
        assertThat(g.sslDir()).isEqualTo(tree.resolve("ssl")); // below config_dir: follows the copy
    }

    @Test
    void readGlobal_treeWithProblemsElsewhere_stillGivesWhatCanBeRead() {
        Path tree = Trees.copyOfExample(tmp.resolve("copy"));
        Trees.write(tree, "ssmtp-mailer.conf", """
                [global]
                log_file = logs/relay.log
                log_level = DEBUG
                read_timeout = soon
                """);
        Trees.replace(tree, "domains/domain1.com.conf", "smtp_port = 587", "smtp_port = x");

        GlobalSettings g = IniConfig.readGlobal(tree);

        assertThat(g.logFile()).isEqualTo(tree.resolve("logs/relay.log"));
        assertThat(g.logLevel()).isEqualTo("DEBUG");
        assertThat(g.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> IniConfig.load(tree)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("read_timeout").hasMessageContaining("smtp_port");
    }

    @Test
    void readGlobal_noMainFile_givesTheDefaults() {
        assertThat(IniConfig.readGlobal(tmp)).isEqualTo(GlobalSettings.defaults());
    }

    @Test
    void directories_followTheDirectoryKeys_elseTheDefaults() {
        Trees.write(tmp, "ssmtp-mailer.conf", "[global]\ndomains_dir = upstreams\nusers_dir = upstreams\n");

        assertThat(MainFile.directories(tmp)).containsExactly(tmp, tmp.resolve("upstreams"), tmp.resolve("mappings"));
    }
}
