package dev.ssmtpmailer;

import static dev.ssmtpmailer.testing.TestConfigs.ACCOUNT;
import static dev.ssmtpmailer.testing.TestConfigs.local;
import static dev.ssmtpmailer.testing.TestConfigs.mapping;
import static dev.ssmtpmailer.testing.TestConfigs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.OAuth2Settings;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.Secret;
import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.queue.Spool;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.testing.FakeClock;
import dev.ssmtpmailer.testing.NoTokenProvider;
import dev.ssmtpmailer.testing.FakeSmtpClient;
import dev.ssmtpmailer.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composition root: every part given is the one used, by the relay and the spool alike. */
class RelayAssemblyTest {

    @TempDir
    Path dir;

    final FakeSmtpClient client = new FakeSmtpClient();
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
    final List<String> heard = new CopyOnWriteArrayList<>();
    final RelayListener listener = new RelayListener() {
        @Override
        public void attempted(AccountId account, Duration latency, List<RecipientResult> results) {
            heard.add(account + " " + results.size());
        }
    };

    RelayConfig config() {
        return TestConfigs.guide("sales").global(g -> g.spoolDir(dir)).build();
    }

    static RelayMessage from(String sender) {
        return RelayMessage.builder().from(sender).to("test@example.com").subject("s").text("x").build();
    }

    RelayAssembly.Builder parts() {
        return RelayAssembly.builder(config()).smtpClient(client).listener(listener)
                .spoolSettings(b -> b.clock(clock).threads(0));
    }

    @Test
    void givenClientAndListener_serveDirectAndSpooledMail_andTheClientIsNotClosed() {
        try (RelayAssembly parts = parts().build()) {
            Relay relay = Relay.create(parts);
            relay.send(from("contact-sales@mailer.domain1.com"));
            relay.submit(from("contact-sales@mailer.domain1.com"));
            Spool spool = parts.spool();
            assertThat(spool).isSameAs(relay.spool());
            spool.runDue();

            assertThat(client.sent()).hasSize(2)
                    .allSatisfy(s -> assertThat(s.envelope().sender().address()).isEqualTo("contact-sales@domain1.com"));
            assertThat(heard).containsExactly(ACCOUNT + " 1", ACCOUNT + " 1");
        }
        assertThat(client.closed()).isFalse();
    }

    @Test
    void givenRateLimiter_isTheOneTheRelayAndTheSpoolTakeTokensFrom() {
        RelayConfig oneAMinute = RelayConfig.builder(config()).global(g -> g.rateLimitPerMinute(1)).build();
        RateLimiter limiter = RateLimiter.create(oneAMinute, RateLimitStore.inMemory(), Duration.ZERO, clock);
        try (RelayAssembly parts = parts().rateLimiter(limiter).build()) {
            Relay relay = Relay.create(parts);
            relay.send(from("contact-sales@mailer.domain1.com"));
            relay.submit(from("contact-sales@mailer.domain1.com"));
            parts.spool().runDue();

            assertThat(client.sent()).hasSize(1);
            assertThat(limiter.triggers(AccountId.of(ACCOUNT))).as("the spool's worker was refused by the same limiter").isEqualTo(1);
            assertThatThrownBy(() -> relay.send(from("contact-sales@mailer.domain1.com"))).isInstanceOf(RateLimitException.class);
        }
    }

    @Test
    void givenMappingResolver_routesTheRelay_andIsKeptAcrossReconfigure() {
        MappingResolver jobs = MappingResolver.create(RelayConfig.builder(config()).mapping(MappingConfig.of("jobs",
                "contact-jobs@mailer.domain1.com", "jobs@domain1.com", ACCOUNT)).build());
        try (RelayAssembly parts = parts().mappingResolver(jobs).build()) {
            Relay relay = Relay.create(parts);
            assertThat(relay.send(from("contact-jobs@mailer.domain1.com")).envelopeSender().address())
                    .isEqualTo("jobs@domain1.com");

            parts.reconfigure(config());

            assertThat(parts.mappings()).isSameAs(jobs);
            assertThat(relay.send(from("contact-jobs@mailer.domain1.com")).mapping()).isEqualTo("jobs");
        }
    }

    @Test
    void defaultMappingResolver_isRebuiltFromEachConfiguration() {
        try (RelayAssembly parts = parts().build()) {
            Relay relay = Relay.create(parts);
            assertThatThrownBy(() -> relay.send(from("contact-jobs@mailer.domain1.com"))).isInstanceOf(PolicyException.class);

            parts.reconfigure(RelayConfig.builder(config()).mapping(MappingConfig.of("jobs",
                    "contact-jobs@mailer.domain1.com", "jobs@domain1.com", ACCOUNT)).build());

            assertThat(relay.send(from("contact-jobs@mailer.domain1.com")).mapping()).isEqualTo("jobs");
        }
    }

    @Test
    void givenPolicy_isTheOneTheRelayAsks() {
        RelayPolicy knowsNoAlias = RelayPolicy.create(config(), alias -> Optional.empty());
        try (RelayAssembly parts = parts().policy(knowsNoAlias).build()) {
            assertThat(parts.policy()).isSameAs(knowsNoAlias);
            assertThatThrownBy(() -> Relay.create(parts).submit(from("contact-sales@mailer.domain1.com")))
                    .isInstanceOf(PolicyException.class);
            assertThat(client.sent()).isEmpty();
        }
    }

    @Test
    void givenTokenProvider_suppliesTheDefaultClientsXoauth2Tokens() {
        DomainConfig oauth = upstream("domain1.com", ACCOUNT).toBuilder().smtpServer("127.0.0.1").smtpPort(9)
                .authMethod(AuthMethod.XOAUTH2).oauth2(OAuth2Settings.staticToken(Secret.of("unused"))).build();
        RelayConfig config = RelayConfig.builder().domain(oauth).domain(local("mailer.domain1.com"))
                .mapping(mapping("sales", "contact-sales@mailer.domain1.com", "contact-sales@domain1.com", ACCOUNT)).build();
        NoTokenProvider none = new NoTokenProvider();
        try (Relay relay = RelayAssembly.builder(config).tokenProvider(none).relay()) {
            assertThatThrownBy(() -> relay.send(from("contact-sales@mailer.domain1.com")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.phase()).isEqualTo(SmtpPhase.AUTH);
                        assertThat(e.getMessage()).contains(NoTokenProvider.REASON);
                    });
        }
        assertThat(none.asked()).containsExactly(ACCOUNT);
    }

    @Test
    void relayOnASharedAssembly_closingItLeavesTheAssemblyOpen() {
        try (RelayAssembly parts = parts().build()) {
            Relay first = Relay.create(parts);
            first.close();

            assertThatThrownBy(() -> first.send(from("contact-sales@mailer.domain1.com"))).isInstanceOf(IllegalStateException.class);
            assertThat(parts.isClosed()).isFalse();
            assertThat(Relay.create(parts).send(from("contact-sales@mailer.domain1.com")).allDelivered()).isTrue();
        }
    }

    @Test
    void closingTheAssembly_endsEveryRelayOnIt() {
        RelayAssembly parts = parts().build();
        Relay relay = Relay.create(parts);

        parts.close();

        assertThatThrownBy(() -> relay.send(from("contact-sales@mailer.domain1.com"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("relay is closed");
        assertThatThrownBy(parts::spool).isInstanceOf(IllegalStateException.class).hasMessage("relay is closed");
        // the relay itself is open: its asynchronous send is refused by the assembly's closed executor
        assertThat(relay.sendAsync(from("contact-sales@mailer.domain1.com"))).isCompletedExceptionally()
                .failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class).withMessage("relay is closed");
    }
}
