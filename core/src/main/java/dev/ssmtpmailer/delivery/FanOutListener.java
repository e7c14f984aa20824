package dev.ssmtpmailer.delivery;

import dev.ssmtpmailer.message.AccountId;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import dev.ssmtpmailer.smtp.SmtpPhase;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RelayListener#of}: tells every listener, and never lets one of them change a delivery's outcome. */
final class FanOutListener implements RelayListener {
    private static final Logger log = LoggerFactory.getLogger(FanOutListener.class);

    private final List<RelayListener> listeners;

    FanOutListener(List<RelayListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void attempted(AccountId account, Duration latency, List<RecipientResult> results) {
        each(l -> l.attempted(account, latency, results));
    }

    @Override
    public void delivered(AccountId account, Duration latency) {
        each(l -> l.delivered(account, latency));
    }

    @Override
    public void failed(AccountId account, DeliveryStatus status, SmtpPhase phase) {
        each(l -> l.failed(account, status, phase));
    }

    @Override
    public void connectionFailed(AccountId account) {
        each(l -> l.connectionFailed(account));
    }

    @Override
    public void authenticationFailed(AccountId account) {
        each(l -> l.authenticationFailed(account));
    }

    @Override
    public void rateLimited(AccountId account) {
        each(l -> l.rateLimited(account));
    }

    private void each(Consumer<RelayListener> event) {
        for (RelayListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("relay listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }
}
