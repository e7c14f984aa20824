package dev.ssmtpmailer.queue;

import dev.ssmtpmailer.delivery.RelayListener;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ratelimit.RateLimiter;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link SpoolUpstream} from an SMTP client, a rate limiter and the listeners of the spool's builder. */
final class ClientUpstream implements SpoolUpstream {
    private final Supplier<RelayConfig> config;
    private final SmtpRelayClient client;
    private final RateLimiter limiter;
    private final RelayListener listener;

    ClientUpstream(Supplier<RelayConfig> config, SmtpRelayClient client, RateLimiter limiter, RelayListener listener) {
        this.config = config;
        this.client = client;
        this.limiter = limiter;
        this.listener = listener;
    }

    @Override
    public Optional<DomainConfig> account(String account) {
        RelayConfig cfg = config.get();
        return cfg.account(account).or(() -> cfg.domain(account).filter(DomainConfig::enabled));
    }

    @Override
    public Optional<List<RecipientResult>> send(DomainConfig account, Envelope envelope, MessageBody body) {
        if (!limiter.tryAcquire(account)) {
            return Optional.empty();
        }
        List<RecipientResult> results;
        long start = System.nanoTime();
        try {
            results = client.send(account, envelope, body);
        } catch (RuntimeException ex) {
            results = envelope.recipients().stream().map(r -> new RecipientResult(r, DeliveryStatus.TEMPORARY_FAILURE, 0,
                    null, SmtpPhase.OTHER, "local error: " + ex)).toList();
        }
        results = inEnvelopeOrder(envelope, results);
        listener.attempted(account.displayName(), Duration.ofNanos(System.nanoTime() - start), results);
        return Optional.of(results);
    }

    /** One result per envelope recipient, in its order; a recipient the client left out failed temporarily. */
    private static List<RecipientResult> inEnvelopeOrder(Envelope envelope, List<RecipientResult> results) {
        List<RecipientResult> out = new ArrayList<>(envelope.recipients().size());
        for (var r : envelope.recipients()) {
            out.add(results.stream().filter(x -> x.recipient().equals(r)).findFirst().orElseGet(() ->
                    new RecipientResult(r, DeliveryStatus.TEMPORARY_FAILURE, 0, null, SmtpPhase.OTHER,
                            "local: the SMTP client returned no result for this recipient")));
        }
        return out;
    }
}
