/**
 * Spring Boot auto-configuration of the shared PostgreSQL queue and rate limits
 * ({@link dev.ssmtpmailer.spring.postgres.SsmtpMailerPostgresAutoConfiguration}); see {@code docs/scale-out.md}.
 */
package dev.ssmtpmailer.spring.postgres;
