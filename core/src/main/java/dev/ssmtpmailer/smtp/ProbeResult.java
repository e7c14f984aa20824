package dev.ssmtpmailer.smtp;

import java.util.Objects;

/**
 * What {@link SmtpRelayClient#probe} found out about an upstream account (for health checks).
 *
 * @param status up, down, or unknown (the client cannot probe)
 * @param phase where a probe failed; {@link SmtpPhase#OTHER} when it did not fail
 * @param replyCode the server's reply code of the failure, 0 when none
 * @param detail what was checked, or why it failed; never contains secrets
 */
public record ProbeResult(Status status, SmtpPhase phase, int replyCode, String detail) {

    /** The outcome of a probe. */
    public enum Status {
        /** The account connected and logged in, or has an open pooled connection. */
        UP,
        /** Connecting, TLS or AUTH failed. */
        DOWN,
        /** The client does not know how to probe. */
        UNKNOWN
    }

    /** Checks the required parts. */
    public ProbeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        detail = detail == null ? "" : detail;
    }

    /**
     * @param detail what was checked
     * @return a healthy result
     */
    public static ProbeResult up(String detail) {
        return new ProbeResult(Status.UP, SmtpPhase.OTHER, 0, detail);
    }

    /** @return whether the account is known to work */
    public boolean healthy() {
        return status == Status.UP;
    }
}
