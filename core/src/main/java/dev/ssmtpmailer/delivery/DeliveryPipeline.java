package dev.ssmtpmailer.delivery;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.policy.OutboundRoute;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a message leaves: direct sends ({@code Relay.send}) and the spool's workers both go through it.
 * It has two steps, and never retries; whether and when to try again is its caller's decision.
 *
 * <ol>
 *   <li>{@link #route}: the policy decides whether the sender may send to those recipients and picks the
 *       account and the canonical envelope sender (mapping). The spool routes once, when it accepts a message,
 *       and later finds the stored account again with {@link #account}.</li>
 *   <li>{@link #attempt}: one SMTP transaction through one account. It takes the account's rate-limit token,
 *       sends on a pooled connection, classifies the outcome into one {@link RecipientResult} per recipient (a
 *       failure of the client itself, or a recipient it gave no answer for, is a temporary failure), and tells
 *       the {@link RelayListener} what happened: {@code attempted} after every transaction, {@code rateLimited}
 *       when a caller that waits for the answer is refused a token.</li>
 * </ol>
 *
 * <p>Built by the composition root ({@code dev.ssmtpmailer.RelayAssembly}) from its parts, once; tests and
 * other assemblies use {@link #create}. Thread-safe; {@link #reconfigure} swaps the routing atomically, and an
 * attempt in flight finishes with the account it started with.
 */
public final class DeliveryPipeline {
    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

    private final SmtpRelayClient client;
    private final RateLimiter limiter;
    private final RelayListener listener;
    private final Function<RelayConfig, Routing> routingFactory;
    private volatile Routing routing;

    /**
     * The parts that follow the configuration, replaced as a whole by {@link #reconfigure}.
     *
     * @param config the configuration in force
     * @param mappings its alias resolver
     * @param policy its relay policy
     */
    public record Routing(RelayConfig config, MappingResolver mappings, RelayPolicy policy) {

        /** @throws NullPointerException if a component is {@code null} */
        public Routing {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(mappings, "mappings");
            Objects.requireNonNull(policy, "policy");
        }

        /**
         * @param config a validated configuration
         * @return its default resolver and policy
         */
        public static Routing of(RelayConfig config) {
            MappingResolver mappings = MappingResolver.create(config);
            return new Routing(config, mappings, RelayPolicy.create(config, mappings));
        }
    }

    private DeliveryPipeline(Function<RelayConfig, Routing> routingFactory, RelayConfig config, SmtpRelayClient client,
                             RateLimiter limiter, RelayListener listener) {
        this.routingFactory = Objects.requireNonNull(routingFactory, "routingFactory");
        this.client = Objects.requireNonNull(client, "client");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.routing = Objects.requireNonNull(routingFactory.apply(Objects.requireNonNull(config, "config")), "routing");
    }

    /**
     * @param config the configuration whose accounts, mappings and users apply
     * @param routing makes the resolver and policy of a configuration, at once and on every
     *        {@link #reconfigure} ({@link Routing#of} for the defaults)
     * @param client the SMTP client; not closed by the pipeline
     * @param limiter the per-account rate limiter
     * @param listener hears every attempt and every rate-limit refusal ({@link RelayListener#NONE} for none)
     * @return the pipeline
     * @throws NullPointerException if an argument is {@code null}, or {@code routing} returns {@code null}
     */
    public static DeliveryPipeline create(RelayConfig config, Function<RelayConfig, Routing> routing, SmtpRelayClient client,
                                          RateLimiter limiter, RelayListener listener) {
        return new DeliveryPipeline(routing, config, client, limiter, listener);
    }

    /**
     * Step one, for outbound mail: may {@code sender} send to {@code recipients}, as whom, through which account.
     *
     * @param sender the sender the application gave (an alias, or a user's address)
     * @param recipients the envelope recipients
     * @return the route: envelope sender (canonical), account, mapping
     * @throws dev.ssmtpmailer.policy.PolicyException if the sender or a recipient is not allowed
     */
    public OutboundRoute route(EmailAddress sender, List<EmailAddress> recipients) {
        return routing.policy().authorizeOutbound(sender, recipients);
    }

    /**
     * Finds an account of the configuration in force by its id (a spooled recipient names the account it was
     * routed to): an enabled account whose {@link DomainConfig#id()} or section name matches.
     *
     * @param id the account's id
     * @return the account, or empty when the configuration no longer has it
     */
    public Optional<DomainConfig> account(AccountId id) {
        RelayConfig config = routing.config();
        Optional<DomainConfig> account = config.account(id.name());
        if (account.isPresent()) { // no lambda: every delivery asks
            return account;
        }
        Optional<DomainConfig> section = config.domain(id.name());
        return section.isPresent() && section.get().enabled() ? section : Optional.empty();
    }

    /**
     * Step two: one SMTP transaction, never retried.
     *
     * @param account the account to send through
     * @param envelope {@code MAIL FROM} and {@code RCPT TO} as they go upstream
     * @param body the bytes as they go upstream
     * @param wait what to do when the account has no rate-limit token now
     * @return {@link Attempt.Sent} with one result per recipient, or {@link Attempt.RateLimited} (only with
     *         {@link RateLimitWait#NONE})
     * @throws RateLimitException with {@link RateLimitWait#BOUNDED}, if the next token is due later than the
     *         limiter's maximum wait or the wait is interrupted; nothing was sent
     * @throws NullPointerException if an argument is {@code null}
     */
    public Attempt attempt(DomainConfig account, Envelope envelope, MessageBody body, RateLimitWait wait) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
        AccountId id = account.id();
        if (!takeToken(account, id, Objects.requireNonNull(wait, "wait"))) {
            return new Attempt.RateLimited(id);
        }
        long start = System.nanoTime();
        List<RecipientResult> results;
        String unanswered = "local: the SMTP client returned no result for this recipient";
        try {
            results = client.send(account, envelope, body);
        } catch (RuntimeException e) {
            // the client reports outcomes as results; an exception is a local fault, which a retry may not have
            log.debug("account {}: the SMTP client failed; every recipient failed temporarily", id, e);
            results = List.of();
            unanswered = "local error: " + e;
        }
        Attempt.Sent sent = new Attempt.Sent(id, envelope, classify(envelope, results, unanswered), elapsedSince(start));
        listener.attempted(id, sent.latency(), sent.results());
        return sent;
    }

    private boolean takeToken(DomainConfig account, AccountId id, RateLimitWait wait) {
        if (wait == RateLimitWait.NONE) {
            // a message that can wait is not refused, only held back: the limiter counts the trigger, no listener hears it
            return limiter.tryAcquire(account);
        }
        try {
            limiter.acquire(account);
            return true;
        } catch (RateLimitException e) {
            listener.rateLimited(id);
            throw e;
        }
    }

    /** One result per envelope recipient, in its order; a recipient the client did not answer for failed temporarily. */
    private static List<RecipientResult> classify(Envelope envelope, List<RecipientResult> results, String missing) {
        Map<EmailAddress, RecipientResult> byRecipient = new HashMap<>();
        for (RecipientResult r : results) {
            byRecipient.putIfAbsent(r.recipient(), r);
        }
        List<RecipientResult> out = new ArrayList<>(envelope.recipients().size());
        for (EmailAddress rcpt : envelope.recipients()) {
            RecipientResult r = byRecipient.get(rcpt);
            out.add(r != null ? r : new RecipientResult(rcpt, DeliveryStatus.TEMPORARY_FAILURE, 0, null, SmtpPhase.OTHER, missing));
        }
        return out;
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Replaces the routing: new mappings, users and accounts apply to the next {@link #route} and
     * {@link #account}. The rate limiter and the client are reconfigured by their owner, the assembly.
     *
     * @param config the new, validated configuration
     * @throws NullPointerException if {@code config} is {@code null}
     */
    public void reconfigure(RelayConfig config) {
        routing = Objects.requireNonNull(routingFactory.apply(Objects.requireNonNull(config, "config")), "routing");
    }

    /** @return the routing in force: configuration, alias resolver, policy */
    public Routing routing() {
        return routing;
    }
}
