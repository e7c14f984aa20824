package dev.ssmtpmailer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about the third-party libraries on the test class path, for the contract tests that pin them. */
public final class Libraries {
    private Libraries() {
    }

    /**
     * @param fromJar any class of the library's jar
     * @param groupId its Maven group
     * @param artifactId its Maven artifact
     * @return the version in the jar's {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}
     */
    public static String mavenVersion(Class<?> fromJar, String groupId, String artifactId) {
        String path = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        Properties pom = new Properties();
        try (InputStream in = fromJar.getResourceAsStream(path)) {
            assertThat(in).as(path + " beside " + fromJar.getName()).isNotNull();
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
