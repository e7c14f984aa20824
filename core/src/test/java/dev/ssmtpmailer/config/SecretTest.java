package dev.ssmtpmailer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    @Test
    void fromFile_readsFirstLineTrimmed_andRereadsAfterRotation(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "first-secret  \nignored\n");
        Secret s = Secret.fromFile(f);
        assertThat(s.reveal()).isEqualTo("first-secret");
        Files.writeString(f, "rotated\n");
        assertThat(s.reveal()).isEqualTo("rotated");
        assertThat(s.describe()).isEqualTo("file " + f);
    }

    @Test
    void fromFile_missing_checkSaysWhyWithoutThrowing(@TempDir Path dir) {
        assertThat(Secret.fromFile(dir.resolve("none")).check()).hasValueSatisfying(m -> assertThat(m).contains("cannot read secret file"));
    }

    @Test
    void fromEnv_readsTheVariable() {
        Secret s = Secret.fromEnv("PW", Map.of("PW", "from-env")::get);
        assertThat(s.reveal()).isEqualTo("from-env");
        assertThat(s.check()).isEmpty();
    }

    @Test
    void fromEnv_unset_throwsNamingTheVariable() {
        assertThatThrownBy(() -> Secret.fromEnv("PW", n -> null).reveal()).hasMessage("environment variable PW is not set");
    }

    @Test
    void toString_isMasked() {
        assertThat(Secret.of("hunter2")).hasToString("******");
    }
}
