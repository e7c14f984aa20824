package dev.ssmtpmailer.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.policy.PolicyRule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InboundRefusalTest {

    @Test
    void of_everyRefusingRule_hasAReason() {
        assertThat(InboundRefusal.of(PolicyRule.UNKNOWN_LOCAL_RECIPIENT)).isEqualTo(InboundRefusal.UNKNOWN_RECIPIENT);
        assertThat(InboundRefusal.of(PolicyRule.RELAY_DENIED)).isEqualTo(InboundRefusal.RELAY_DENIED);
        assertThat(InboundRefusal.of(PolicyRule.ROUTING_CHARACTERS)).isEqualTo(InboundRefusal.RELAY_DENIED);
        assertThat(InboundRefusal.of(PolicyRule.SENDER_NOT_ALLOWED)).isEqualTo(InboundRefusal.SENDER_NOT_ALLOWED);
        assertThat(InboundRefusal.of(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED)).isEqualTo(InboundRefusal.SENDER_NOT_ALLOWED);
        assertThat(InboundRefusal.of(PolicyRule.SENDER_LOGIN_MISMATCH)).isEqualTo(InboundRefusal.SENDER_NOT_ALLOWED);
        assertThat(InboundRefusal.of(PolicyRule.NO_ACCOUNT)).isEqualTo(InboundRefusal.NO_ACCOUNT);
    }

    @Test
    void of_acceptingRule_isNoRefusal() {
        Arrays.stream(PolicyRule.values()).filter(PolicyRule::accepts).forEach(rule ->
                assertThatThrownBy(() -> InboundRefusal.of(rule)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(rule.name()));
    }

    @Test
    void tag_isTheLowerCaseName() {
        assertThat(InboundRefusal.ERROR_LIMIT.tag()).isEqualTo("error_limit");
        assertThat(Arrays.stream(InboundRefusal.values()).map(InboundRefusal::tag))
                .doesNotHaveDuplicates().allMatch(t -> t.matches("[a-z_]+"));
    }
}
