package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.smtp.ProbeStep.Verdict;
import dev.ssmtpmailer.smtp.ProbeStep.Step;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The steps of one probe's connection. The connection itself is an ordinary one of the pool (same session
 * properties, trust, timeouts and login code as a delivery); {@link TrackingTransport} reports each step as
 * it begins and passes, the TLS socket factory hands over the TLS socket (see {@link #attach}), and the
 * pool records the one failure with the reply it classified. A step that has begun and not passed when the
 * connection fails is the failed one.
 *
 * <p>Not thread-safe: a probe's connection is opened by one thread.
 */
final class ProbeRecorder {
    /** The recorder of the connection this thread is opening, for the TLS socket factory. */
    private static final ThreadLocal<ProbeRecorder> OPENING = new ThreadLocal<>();

    private final InstantSource clock;
    private final List<ProbeStep> steps = new ArrayList<>();
    /** How many steps a restarted connection keeps: the resolution. */
    private int kept;
    private Step current;
    private Instant started;
    private SSLSocket tls;

    ProbeRecorder(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Resolves {@code host} as the first step; the JDK caches the answer for the connection that follows.
     *
     * @return whether the name resolved
     */
    boolean resolve(String host) {
        begin(Step.RESOLVE);
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            passed("", Arrays.stream(addresses).map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));
            kept = steps.size();
            return true;
        } catch (UnknownHostException e) {
            failed(Step.RESOLVE, "", Outcomes.cannotResolve(e));
            return false;
        }
    }

    /** Forgets the steps of a connection attempt given up on (an XOAUTH2 token refused once); keeps RESOLVE. */
    void restart() {
        steps.subList(kept, steps.size()).clear();
        current = null;
        tls = null;
    }

    void begin(Step step) {
        current = step;
        started = clock.instant();
    }

    /** @return the step that has begun and not passed, or {@code null} */
    Step current() {
        return current;
    }

    void passed(String reply, String detail) {
        if (current != null) {
            steps.add(new ProbeStep(current, Verdict.PASSED, sinceStarted(), reply, detail));
            current = null;
        }
    }

    void skipped(Step step, String why) {
        steps.add(new ProbeStep(step, Verdict.SKIPPED, Duration.ZERO, "", why));
        if (current == step) {
            current = null;
        }
    }

    /**
     * Records the failure; at the step in progress, else at {@code step}.
     *
     * @param step where the failure belongs when no step is in progress (a check between two steps)
     * @param reply the server's reply, or {@code ""}
     * @param reason why, in words
     */
    void failed(Step step, String reply, String reason) {
        Step at = current != null ? current : step;
        Duration elapsed = current != null ? sinceStarted() : Duration.ZERO;
        steps.add(new ProbeStep(at, Verdict.FAILED, elapsed, reply, reason));
        current = null;
    }

    /**
     * The handshake, the chain check against the account's trust and (when verified) the host name check
     * passed: after STARTTLS, the TLS step in progress; with implicit TLS, a step timed within CONNECT.
     */
    void tlsPassed(boolean verified) {
        String detail = describe(tls) + (verified ? ", verified" : ", NOT verified (verify_certificates = false)");
        if (current == Step.TLS) {
            passed("", detail);
        } else {
            steps.add(new ProbeStep(Step.TLS, Verdict.PASSED, Duration.ZERO, "", detail + " (handshake timed with connect)"));
        }
    }

    /** @return the time since the current step began; never negative, should the wall clock step back */
    private Duration sinceStarted() {
        Duration d = Duration.between(started, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    List<ProbeStep> steps() {
        return List.copyOf(steps);
    }

    /**
     * Lets the TLS socket factory hand this connection's TLS socket over until {@link #detach()}: Angus connects
     * synchronously on the calling thread (which {@link BatchingSocket}'s hold relies on too).
     */
    void attach() {
        OPENING.set(this);
    }

    void detach() {
        OPENING.remove();
    }

    /** Called by the TLS socket factory for every TLS socket it creates. */
    static void tlsSocketCreated(SSLSocket socket) {
        ProbeRecorder r = OPENING.get();
        if (r != null) {
            r.tls = socket;
        }
    }

    private static String describe(SSLSocket socket) {
        if (socket == null) {
            return "TLS";
        }
        SSLSession session = socket.getSession();
        StringBuilder b = new StringBuilder(session.getProtocol()).append(' ').append(session.getCipherSuite());
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                b.append(", certificate ").append(x.getSubjectX500Principal().getName())
                        .append(", expires ").append(x.getNotAfter().toInstant());
            }
        } catch (SSLPeerUnverifiedException e) {
            b.append(", no certificate");
        }
        return b.toString();
    }

}
