package dev.ssmtpmailer.ini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes a file of the tree holds, loading ends in a configuration or a {@link ConfigException}: never
 * another exception (which would reach the operator as a stack trace instead of file:line messages).
 */
class IniConfigFuzzTest {
    private static final List<String> FILES = List.of("ssmtp-mailer.conf", "domains/domain1.com.conf",
            "domains/mailer.domain1.com.conf", "mappings/relay-mappings.conf", "users/mail-relay@domain1.com.conf");

    @Property(tries = 200)
    void load_randomBytesInAnyFile_onlyEverThrowsConfigException(
            @ForAll("files") String file, @ForAll @Size(max = 2048) byte[] bytes) {
        assertLoadsOrConfigException(file, bytes);
    }

    @Property(tries = 200)
    void load_randomBytesSplicedIntoAnyFile_onlyEverThrowsConfigException(
            @ForAll("files") String file, @ForAll("iniNoise") String noise, @ForAll @IntRange(max = 1000) int at) {
        byte[] original = read(Trees.EXAMPLE.resolve(file));
        int pos = Math.min(at, original.length);
        byte[] inserted = noise.getBytes(StandardCharsets.UTF_8);
        byte[] spliced = new byte[original.length + inserted.length];
        System.arraycopy(original, 0, spliced, 0, pos);
        System.arraycopy(inserted, 0, spliced, pos, inserted.length);
        System.arraycopy(original, pos, spliced, pos + inserted.length, original.length - pos);
        assertLoadsOrConfigException(file, spliced);
    }

    @Property(tries = 200)
    void load_anyValueForAnyKnownKey_onlyEverThrowsConfigException(
            @ForAll("fileAndKey") Map.Entry<String, String> fileAndKey, @ForAll("values") String value) {
        String file = fileAndKey.getKey();
        String key = fileAndKey.getValue();
        String text = new String(read(Trees.EXAMPLE.resolve(file)), StandardCharsets.UTF_8);
        // drop the key where the file sets it, then set it in the file's last section
        String without = text.replaceAll("(?m)^" + key + " = .*\n", "");
        assertLoadsOrConfigException(file, (without + key + " = " + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A file and a key its (last) section knows, so that the value reaches that key's converter. */
    @Provide
    Arbitrary<Map.Entry<String, String>> fileAndKey() {
        return Arbitraries.of(FILES).flatMap(f -> Arbitraries.of(
                ConfigKeys.of(f.startsWith("domains/") ? SectionKind.DOMAIN : f.startsWith("users/") ? SectionKind.USER
                        : f.startsWith("mappings/") ? SectionKind.MAPPING : SectionKind.GLOBAL).stream()
                        .map(ConfigKey::name).toList()).map(k -> Map.entry(f, k)));
    }

    /** Values that sit on the edges of every converter: huge numbers, odd units, paths, URLs, addresses. */
    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789-+smhdkKMG .,:/*@").ofMaxLength(25),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", "99999999999", "9223372036854775807", "999999999999d", "999999999999999G", "/dev/zero",
                        "/", ".", "..", "http://", "https://", "https://x/token", "::1/129", "300.1.1.1/8", "*@", "@x",
                        "a@b", "*@mailer.domain1.com", "XOAUTH2", "NONE", "yes", "${x}", "a,,b, ,c", "\u00e9", "[x]"));
    }

    @Provide
    Arbitrary<String> files() {
        return Arbitraries.of(FILES);
    }

    /** Text made of the characters that matter to the format, so that the noise reaches past the line reader. */
    @Provide
    Arbitrary<String> iniNoise() {
        Arbitrary<String> words = Arbitraries.of("\n", "[", "]", "=", ":", "@", "*", "#", ";", " ", "\r", "\u0000",
                "domain", "user", "mapping", "global", "smtp_port", "use_ssl", "true", "password_file", "/dev/zero",
                "password_env", "oauth2_token_endpoint", "http://", "auth_method", "XOAUTH2", "from_pattern", "*@x",
                "99999999999", "-1", "5d", "trusted_networks", "::1/129", "\u00e9", "${x}", "%", "\\");
        return words.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void assertLoadsOrConfigException(String file, byte[] content) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ini-fuzz");
            Path tree = Trees.copyOfExample(dir.resolve("tree"));
            Files.write(tree.resolve(file), content);
            try {
                RelayConfig config = IniConfig.load(tree);
                assertThat(config).isNotNull();
                assertThat(IniConfig.describe(config)).isNotEmpty();
            } catch (ConfigException expected) {
                assertThat(expected.problems()).isNotEmpty();
                assertThat(expected.getMessage()).doesNotContain("\r");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                Trees.deleteRecursively(dir);
            }
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
