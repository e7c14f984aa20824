/**
 * The queue and the rate limits in PostgreSQL, shared by several relay instances. Start here:
 *
 * <ul>
 *   <li>{@link dev.ssmtpmailer.postgres.PostgresSettings} – where the database is and who this instance is
 *       ({@code [global] database_url}, {@code database_user}, {@code database_password[_file|_env]},
 *       {@code database_schema}, {@code instance_id}, {@code queue_lease}).</li>
 *   <li>{@link dev.ssmtpmailer.postgres.PostgresDatabase} – {@code connect(settings)} (the relay's own HikariCP
 *       pool) or {@code using(dataSource, settings)} (the application's pool); migrates the relay's own schema
 *       with Flyway at start; hands out core's SPIs: {@code queueStore()} for
 *       {@code Spool.builder(config, pipeline).store(..)} and {@code rateLimitStore()} for
 *       {@code RateLimiter.create(config, store)}.</li>
 *   <li>{@link dev.ssmtpmailer.postgres.DatabaseException} – what a database failure looks like: the URL (never
 *       the password) and whether it is transient.</li>
 * </ul>
 *
 * <p>Inside: {@code PgQueueStore} (accept, claim with {@code FOR UPDATE SKIP LOCKED} and leases, control),
 * {@code LeasedWrites} (the lease-checked writes of an attempt), {@code BodyChunks} (message bytes in 256 KiB
 * rows), {@code WakeUps} ({@code LISTEN/NOTIFY}), {@code PgRateLimitStore} (token buckets, one statement per
 * token). The schema is {@code src/main/resources/dev/ssmtpmailer/postgres/migration/V1__*.sql}; the
 * guarantees and the operations are in {@code docs/scale-out.md}.
 */
package dev.ssmtpmailer.postgres;
