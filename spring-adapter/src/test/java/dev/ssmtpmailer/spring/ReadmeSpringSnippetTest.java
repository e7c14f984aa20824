package dev.ssmtpmailer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.spring.mail.RelayJavaMailSender;
import dev.ssmtpmailer.spring.mail.SsmtpMailerMailSenderAutoConfiguration;
import dev.ssmtpmailer.testing.ConfigTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The README's {@code application.yml} snippet for Spring Boot, loaded as Boot loads YAML, against the guide's
 * tree: it must give the relay's {@link JavaMailSender}, so the README works as written.
 */
class ReadmeSpringSnippetTest {
    @TempDir
    Path dir;

    /** The repository root (this test runs in spring-adapter, or in spring-adapter/boot3-tests). */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("README.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    /** @return the first {@code ```yaml} block after the README's "## Spring Boot" heading */
    static String springYaml(List<String> readme) {
        int heading = readme.indexOf("## Spring Boot");
        assertThat(heading).as("README has a '## Spring Boot' section").isNotNegative();
        StringBuilder yaml = null;
        for (String line : readme.subList(heading, readme.size())) {
            if (yaml == null && line.strip().equals("```yaml")) {
                yaml = new StringBuilder();
            } else if (yaml != null && line.strip().equals("```")) {
                return yaml.toString();
            } else if (yaml != null) {
                yaml.append(line).append('\n');
            }
        }
        throw new AssertionError("no ```yaml block in the README's Spring Boot section");
    }

    /** The guide's tree, owner-only as an operator installs it. */
    private Path guideTree() {
        return ConfigTrees.install(root().resolve("examples/config/etc/ssmtp-mailer"), dir.resolve("ssmtp-mailer"));
    }

    @Test
    void readmeSnippet_onTheGuideTree_givesTheRelaysJavaMailSender() throws IOException {
        String yaml = springYaml(Files.readAllLines(root().resolve("README.md")));
        assertThat(yaml).contains("config-dir: /etc/ssmtp-mailer");
        List<PropertySource<?>> snippet = new YamlPropertySourceLoader().load("README.md", new ByteArrayResource(
                yaml.replace("/etc/ssmtp-mailer", guideTree().toString()).getBytes(StandardCharsets.UTF_8)));

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class,
                        SsmtpMailerMailSenderAutoConfiguration.class))
                .withInitializer(context -> snippet.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context).hasNotFailed().getBean(JavaMailSender.class)
                        .isInstanceOf(RelayJavaMailSender.class));
    }
}
