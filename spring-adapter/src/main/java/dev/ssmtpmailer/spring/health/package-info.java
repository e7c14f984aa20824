/**
 * Actuator health: {@link dev.ssmtpmailer.spring.health.UpstreamHealth} checks each upstream account (cached,
 * time-boxed, fed by real deliveries), and one auto-configuration per Spring Boot generation exposes it,
 * because Boot 4 moved the health API to {@code org.springframework.boot.health.contributor}.
 */
package dev.ssmtpmailer.spring.health;
