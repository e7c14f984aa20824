package dev.ssmtpmailer.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.message.AccountId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitStoreTest extends RateLimitStoreContract {

    @Override
    protected RateLimitStore newStore() {
        return RateLimitStore.inMemory();
    }

    @Test
    void reconfigure_forgetsAccountsNoLongerConfigured() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore();
        AccountId gone = AccountId.of("gone@domain1.com");
        store.take(gone, new AccountLimits(1, 0), T0, Duration.ZERO);

        store.reconfigure(Map.of(), T0);

        assertThat(store.size()).isZero();
        assertThat(store.take(gone, new AccountLimits(1, 0), T0, Duration.ZERO).granted()).as("back, it starts full").isTrue();
    }
}
