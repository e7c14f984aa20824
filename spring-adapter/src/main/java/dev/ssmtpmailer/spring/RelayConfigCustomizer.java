package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.config.RelayConfig;

/**
 * Changes the configuration before it is validated and becomes the {@link RelayConfig} bean: add a domain
 * whose password comes from a vault, a mapping computed at startup, and so on. Every customizer bean is
 * applied, in {@link org.springframework.core.Ordered} order, to the builder filled from the INI tree or the
 * properties; core then validates the result.
 */
@FunctionalInterface
public interface RelayConfigCustomizer {

    /**
     * @param builder the configuration so far; change it in place
     */
    void customize(RelayConfig.Builder builder);
}
