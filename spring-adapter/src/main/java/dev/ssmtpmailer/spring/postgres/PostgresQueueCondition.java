package dev.ssmtpmailer.spring.postgres;

import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code ssmtp-mailer.queue.backend=postgres}, or, with that unset, its alias
 * {@code ssmtp-mailer.global.queue-backend=postgres}. An INI tree's {@code queue_backend} is not seen here (a
 * condition runs before any configuration is loaded): with {@code config-dir}, set {@code ssmtp-mailer.queue.backend}
 * too; the configuration bean refuses to start when the tree says postgres without it.
 */
class PostgresQueueCondition extends SpringBootCondition {
    static final String PROPERTY = "ssmtp-mailer.queue.backend";
    static final String ALIAS = "ssmtp-mailer.global.queue-backend";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        String key = env.containsProperty(PROPERTY) ? PROPERTY : ALIAS;
        String value = env.getProperty(key);
        if (value != null && value.strip().toLowerCase(Locale.ROOT).equals("postgres")) {
            return ConditionOutcome.match(key + " is postgres");
        }
        return ConditionOutcome.noMatch(key + " is " + (value == null ? "not set" : value));
    }
}
