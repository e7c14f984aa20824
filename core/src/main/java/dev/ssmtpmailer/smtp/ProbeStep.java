package dev.ssmtpmailer.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a probe's connection to an upstream account, as {@link SmtpRelayClient#probe} ran it.
 *
 * @param step which step
 * @param verdict passed, failed, or skipped because the account does not use it (no TLS, no AUTH)
 * @param elapsed how long the step took on the probe's clock; {@link Duration#ZERO} when it was skipped or
 *        could not be timed on its own (implicit TLS: the handshake is part of {@link Step#CONNECT})
 * @param reply the server's reply to the step's command (first line of a multi-line reply), or {@code ""}
 *        when the step has none (resolving, connecting, TLS) or the server did not answer
 * @param detail what the step found (addresses, offered extensions, TLS protocol, cipher and certificate), or
 *        why it failed; never a secret
 */
public record ProbeStep(Step step, Verdict verdict, Duration elapsed, String reply, String detail) {

    /** The steps of a connection, in the order they run; {@link #EHLO} runs again after STARTTLS. */
    public enum Step {
        /** Resolve the server's name to addresses. */
        RESOLVE,
        /** Open the TCP connection (with implicit TLS: and the TLS handshake). */
        CONNECT,
        /** Read the server's {@code 220} greeting. */
        GREETING,
        /** EHLO (HELO when EHLO is refused): the extensions the server offers. */
        EHLO,
        /** The STARTTLS command. */
        STARTTLS,
        /** The TLS handshake: the certificate chain checked against the account's trust, and the host name. */
        TLS,
        /** AUTH with the account's credentials or token. */
        AUTH
    }

    /** How a step ended. */
    public enum Verdict {
        /** The step worked. */
        PASSED,
        /** The step failed; the probe stopped here. */
        FAILED,
        /** The account does not use this step ({@code use_starttls = false}, {@code auth_method = NONE}). */
        SKIPPED
    }

    /** Checks the required parts; {@code null} texts become {@code ""}. */
    public ProbeStep {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(elapsed, "elapsed");
        reply = reply == null ? "" : reply;
        detail = detail == null ? "" : detail;
    }

    /** @return whether the step worked or was not needed */
    public boolean passed() {
        return verdict != Verdict.FAILED;
    }
}
