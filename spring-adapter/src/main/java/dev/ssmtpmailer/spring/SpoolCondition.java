package dev.ssmtpmailer.spring;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** The spool is opened when asked for, or when the inbound server, which hands it every message, is on. */
class SpoolCondition extends AnyNestedCondition {

    SpoolCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "ssmtp-mailer.spool", name = "enabled", havingValue = "true")
    static class SpoolEnabled {
    }

    @ConditionalOnProperty(prefix = "ssmtp-mailer.server", name = "enabled", havingValue = "true")
    static class ServerEnabled {
    }
}
