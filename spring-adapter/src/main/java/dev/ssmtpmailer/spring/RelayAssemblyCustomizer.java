package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.RelayAssembly;

/**
 * Changes the {@link RelayAssembly} before the auto-configuration builds it from its beans: spool settings of
 * one's own, a shared queue ({@code ssmtp-mailer-postgres} contributes one when
 * {@code ssmtp-mailer.queue.backend=postgres}), and so on. Every customizer bean is applied, in
 * {@link org.springframework.core.Ordered} order, after the beans (client, rate limiter, resolver, policy,
 * listeners) were given to the builder.
 */
@FunctionalInterface
public interface RelayAssemblyCustomizer {

    /**
     * @param builder the assembly so far; change it in place
     */
    void customize(RelayAssembly.Builder builder);
}
