package dev.ssmtpmailer.spring.postgres;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.postgres.PostgresSettings;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.spring.RelayAssemblyCustomizer;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The queue and the rate limits in PostgreSQL, shared by every replica of the application
 * ({@code ssmtp-mailer.global.queue-backend=postgres}, {@code ssmtp-mailer-postgres} on the class path). The
 * application's {@link DataSource} is used when it has one (the relay's tables go to their own schema,
 * {@code ssmtp-mailer.global.database-schema}); without one the relay opens its own pool on
 * {@code ssmtp-mailer.global.database-url}. The URL is required either way (with a {@code DataSource}, set it to
 * the same database, e.g. {@code ${spring.datasource.url}}): it names the database in every error message.
 *
 * <p>The rate limiter bean takes its tokens from the shared buckets, and the assembly's spool keeps its messages
 * in the shared queue, claimed under {@code instance-id} (default host name and process id).
 */
@AutoConfiguration(before = SsmtpMailerAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(PostgresBackend.class)
@ConditionalOnProperty(prefix = "ssmtp-mailer.global", name = "queue-backend", havingValue = "postgres")
public final class SsmtpMailerPostgresAutoConfiguration {

    /**
     * @param config the configuration: its {@code queue-backend} keys
     * @param dataSource the application's data source, if it has exactly one
     * @return the backend, schema migrated; closed with the context after the assembly
     * @throws dev.ssmtpmailer.postgres.DatabaseException if the database cannot be reached or migrated
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PostgresBackend ssmtpMailerPostgresBackend(RelayConfig config, ObjectProvider<DataSource> dataSource) {
        PostgresSettings settings = PostgresSettings.of(config.global().queue());
        DataSource ds = dataSource.getIfUnique();
        return ds != null ? PostgresBackend.using(ds, settings) : PostgresBackend.connect(settings);
    }

    /**
     * @param config the configuration (the limits)
     * @param backend the shared database
     * @return the rate limiter on the shared buckets; the assembly and the metrics use this bean
     */
    @Bean
    @ConditionalOnMissingBean
    RateLimiter ssmtpMailerRateLimiter(RelayConfig config, PostgresBackend backend) {
        return backend.rateLimiter(config);
    }

    /**
     * @param backend the shared database
     * @return the customizer that puts the assembly's spool on the shared queue
     */
    @Bean
    RelayAssemblyCustomizer ssmtpMailerPostgresSpool(PostgresBackend backend) {
        return parts -> parts.spoolSettings(backend.spoolSettings());
    }
}
