package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.QueueBackendSettings;
import dev.ssmtpmailer.config.RelayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.util.ClassUtils;

/**
 * {@code ssmtp-mailer.queue.backend}, the Spring name of {@code queue_backend}: applied to the configuration
 * before the customizers run, whether it comes from the properties or from an INI tree. The generated
 * {@code ssmtp-mailer.global.queue-backend} (the INI key's own name) stays an alias; the two must not disagree.
 */
final class QueueBackendProperty {
    static final String PROPERTY = RelayConfigTranslator.PREFIX + ".queue.backend";
    private static final String ALIAS = RelayConfigTranslator.PREFIX + ".global.queue-backend";
    /** The class that {@code postgres} needs; named, not imported, because the module is optional. */
    private static final String POSTGRES_BACKEND = "dev.ssmtpmailer.postgres.PostgresBackend";

    private QueueBackendProperty() {
    }

    /**
     * @param properties the bound properties
     * @param builder the configuration so far; its {@code queue_backend} is set when the property is
     * @throws SsmtpMailerConfigException if the property is neither {@code file} nor {@code postgres}, or
     *         disagrees with {@code ssmtp-mailer.global.queue-backend}
     */
    static void apply(SsmtpMailerProperties properties, RelayConfig.Builder builder) {
        String backend = properties.queue().backend();
        if (backend == null) {
            return;
        }
        String value = backend.strip().toLowerCase(Locale.ROOT);
        if (!value.equals(QueueBackendSettings.FILE) && !value.equals(QueueBackendSettings.POSTGRES)) {
            throw problem(PROPERTY, "must be file or postgres, was '" + backend + "'");
        }
        String alias = properties.global().queueBackend();
        if (alias != null && !alias.strip().equalsIgnoreCase(value)) {
            throw problem(PROPERTY, "is " + value + " but " + ALIAS + " is " + alias.strip() + "; set only "
                    + PROPERTY);
        }
        builder.global(g -> g.queueBackend(value));
    }

    /**
     * The postgres auto-configuration is switched on by the properties alone (a condition cannot read an INI tree),
     * so a configuration that says postgres some other way is refused here rather than run on a local spool.
     *
     * @param properties the bound properties
     * @param config the validated configuration
     * @return {@code config}
     * @throws SsmtpMailerConfigException if it asks for the postgres backend and ssmtp-mailer-postgres is not on
     *         the class path, or if only the INI tree or a customizer asks for it (the relay would otherwise keep
     *         its queue in a local directory without a word)
     */
    static RelayConfig checkAvailable(SsmtpMailerProperties properties, RelayConfig config) {
        if (!config.global().queue().postgres()) {
            return config;
        }
        if (!ClassUtils.isPresent(POSTGRES_BACKEND, QueueBackendProperty.class.getClassLoader())) {
            throw problem(PROPERTY, "is postgres but dev.ssmtpmailer:ssmtp-mailer-postgres is not on the class path");
        }
        String asked = properties.queue().backend() != null ? properties.queue().backend()
                : properties.global().queueBackend();
        if (asked == null || !asked.strip().equalsIgnoreCase(QueueBackendSettings.POSTGRES)) {
            throw problem(PROPERTY, "must be postgres too when the INI tree or a RelayConfigCustomizer sets "
                    + "queue_backend = postgres (the property switches the shared queue's beans on)");
        }
        return config;
    }

    private static SsmtpMailerConfigException problem(String where, String message) {
        return new SsmtpMailerConfigException(SsmtpMailerConfigException.Origin.PROPERTIES, (Path) null,
                List.of(new SsmtpMailerConfigException.Problem(where, message)), null);
    }
}
