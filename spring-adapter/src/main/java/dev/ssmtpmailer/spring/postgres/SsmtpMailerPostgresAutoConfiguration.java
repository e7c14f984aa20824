package dev.ssmtpmailer.spring.postgres;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.postgres.DatabaseException;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.postgres.PostgresSettings;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.spring.RelayAssemblyCustomizer;
import dev.ssmtpmailer.spring.RelayConfigCustomizer;
import dev.ssmtpmailer.spring.SsmtpMailerAutoConfiguration;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The queue and the rate limits in PostgreSQL, shared by every replica of the application
 * ({@code ssmtp-mailer.queue.backend=postgres}, {@code ssmtp-mailer-postgres} on the class path). The
 * application's {@link DataSource} is used when it has exactly one; the relay's tables go to their own schema
 * ({@code ssmtp-mailer.global.database-schema}), and {@code database-url} is then not needed: it is read from
 * the data source, to name the database in messages. Without a {@code DataSource} the relay opens its own pool
 * (HikariCP) on {@code ssmtp-mailer.global.database-url}, with {@code database-user} and
 * {@code database-password}.
 *
 * <p>The rate limiter bean takes its tokens from the shared buckets, and the assembly's spool keeps its messages
 * in the shared queue, claimed under {@code instance-id} (default host name and process id).
 */
@AutoConfiguration(before = SsmtpMailerAutoConfiguration.class,
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})
@ConditionalOnClass(PostgresBackend.class)
@Conditional(PostgresQueueCondition.class)
public final class SsmtpMailerPostgresAutoConfiguration {

    SsmtpMailerPostgresAutoConfiguration() {
    }

    /**
     * Fills {@code database_url} from the application's data source when it has one and the URL is not set, so
     * that the configuration (and {@code ssmtp-mailer config}) names the database actually used. Runs first, so
     * that the application's own customizers see the URL.
     *
     * @param dataSource the application's data source, if it has exactly one
     * @return the customizer
     * @throws DatabaseException (when applied) if the data source gives no connection
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RelayConfigCustomizer ssmtpMailerPostgresDatabaseUrl(ObjectProvider<DataSource> dataSource) {
        return builder -> {
            DataSource ds = dataSource.getIfUnique();
            if (ds != null) {
                builder.global(g -> g.build().queue().databaseUrl() != null ? g : g.databaseUrl(urlOf(ds)));
            }
        };
    }

    private static String urlOf(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return PostgresSettings.withoutParameters(c.getMetaData().getURL());
        } catch (SQLException e) {
            throw new DatabaseException("the application's DataSource " + ds.getClass().getName(),
                    "cannot open a connection for the relay's queue: " + e.getMessage(), true, e);
        }
    }

    /**
     * @param config the configuration: its {@code queue_backend} keys
     * @param dataSource the application's data source, if it has exactly one
     * @return the backend, schema migrated; closed with the context after the assembly
     * @throws DatabaseException if the database cannot be reached or migrated
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
