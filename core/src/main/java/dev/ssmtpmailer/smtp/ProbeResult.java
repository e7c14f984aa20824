package dev.ssmtpmailer.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SmtpRelayClient#probe} found out about an upstream account.
 *
 * @param status up, down, or unknown (the client cannot probe)
 * @param phase where a probe failed; {@link SmtpPhase#OTHER} when it did not fail
 * @param replyCode the server's reply code of the failure, 0 when none
 * @param detail what was checked, or why it failed; never contains secrets
 * @param steps each step of the connection the probe opened, with its verdict, time and the server's reply,
 *        up to the one that failed; empty when no connection was opened (a pooled one proved the account)
 */
public record ProbeResult(Status status, SmtpPhase phase, int replyCode, String detail, List<ProbeStep> steps) {

    /** The outcome of a probe. */
    public enum Status {
        /** The account connected and logged in, or has an open pooled connection. */
        UP,
        /** Resolving, connecting, TLS or AUTH failed. */
        DOWN,
        /** The client does not know how to probe. */
        UNKNOWN
    }

    /** Checks the required parts and copies the steps. */
    public ProbeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        detail = detail == null ? "" : detail;
        steps = List.copyOf(steps);
    }

    /**
     * A result without steps, from a client that did not open a connection.
     *
     * @param status up, down, or unknown
     * @param phase where it failed, {@link SmtpPhase#OTHER} when it did not
     * @param replyCode the reply code of the failure, 0 when none
     * @param detail what was checked, or why it failed
     */
    public ProbeResult(Status status, SmtpPhase phase, int replyCode, String detail) {
        this(status, phase, replyCode, detail, List.of());
    }

    /**
     * @param detail what was checked
     * @return a healthy result without steps
     */
    public static ProbeResult up(String detail) {
        return new ProbeResult(Status.UP, SmtpPhase.OTHER, 0, detail);
    }

    /** @return whether the account is known to work */
    public boolean healthy() {
        return status == Status.UP;
    }

    /** @return the step that failed, when a step did */
    public Optional<ProbeStep> failedStep() {
        return steps.stream().filter(s -> s.verdict() == ProbeStep.Verdict.FAILED).findFirst();
    }
}
