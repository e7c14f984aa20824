package dev.ssmtpmailer.metrics;

import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.inbound.InboundRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The inbound server's Micrometer meters: an {@link InboundListener} (registered with the server's builder) and a
 * {@link MeterBinder} (bound to each registry). Every series, one per {@link InboundRefusal} reason included,
 * exists from the moment it is bound, at 0, so that an alert on a refusal has a series to watch before the
 * first one. In Prometheus the names read {@code ssmtp_mailer_inbound_sessions_total} and so on. The client's
 * address is not a tag: the series stay as few as the reasons.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #SESSIONS}</td><td>counter: connections admitted</td><td></td></tr>
 *   <tr><td>{@value #ACTIVE_SESSIONS}</td><td>gauge: admitted connections open now</td><td></td></tr>
 *   <tr><td>{@value #MESSAGES}</td><td>counter: messages queued (answered {@code 250})</td><td></td></tr>
 *   <tr><td>{@value #REFUSALS}</td><td>counter: refused connections, senders, recipients and messages, and
 *       connections ended past a limit</td><td>reason ({@link InboundRefusal#tag()}, e.g. {@code error_limit})</td></tr>
 * </table>
 */
public final class InboundMetrics implements InboundListener, MeterBinder {
    /** Connections the server admitted. */
    public static final String SESSIONS = "ssmtp.mailer.inbound.sessions";
    /** Admitted connections open now. */
    public static final String ACTIVE_SESSIONS = "ssmtp.mailer.inbound.active.sessions";
    /** Messages the server queued. */
    public static final String MESSAGES = "ssmtp.mailer.inbound.messages";
    /** Refusals, by reason. */
    public static final String REFUSALS = "ssmtp.mailer.inbound.refusals";

    private final AtomicInteger active = new AtomicInteger();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        sessions(registry);
        messages(registry);
        for (InboundRefusal reason : InboundRefusal.values()) {
            refusals(registry, reason);
        }
        Gauge.builder(ACTIVE_SESSIONS, active, AtomicInteger::get).description("Inbound connections open now")
                .register(registry);
    }

    @Override
    public void sessionOpened(InetAddress client) {
        active.incrementAndGet();
        each(r -> sessions(r).increment());
    }

    @Override
    public void sessionClosed(InetAddress client) {
        active.decrementAndGet();
    }

    @Override
    public void messageAccepted(InetAddress client) {
        each(r -> messages(r).increment());
    }

    @Override
    public void refused(InetAddress client, InboundRefusal reason) {
        each(r -> refusals(r, reason).increment());
    }

    private void each(Consumer<MeterRegistry> record) {
        registries.forEach(record);
    }

    /** Registering is idempotent: the first call creates the counter at 0, later ones return it. */
    private static Counter sessions(MeterRegistry r) {
        return Counter.builder(SESSIONS).description("Inbound connections admitted").register(r);
    }

    private static Counter messages(MeterRegistry r) {
        return Counter.builder(MESSAGES).description("Inbound messages queued").register(r);
    }

    private static Counter refusals(MeterRegistry r, InboundRefusal reason) {
        return Counter.builder(REFUSALS).description("Inbound refusals: connections, senders, recipients, messages")
                .tag("reason", reason.tag()).register(r);
    }
}
