package dev.ssmtpmailer.cli.probe;

import java.util.Objects;

/**
 * One step of a probe.
 *
 * @param step which step
 * @param passed whether it worked
 * @param detail what was found (addresses, greeting, TLS parameters, AUTH reply) or why it failed
 */
public record ProbeStep(Step step, boolean passed, String detail) {

    /** The steps, in the order they run. */
    public enum Step {
        /** Resolve the server name. */
        RESOLVE,
        /** TCP connect, greeting, EHLO. */
        CONNECT,
        /** STARTTLS or implicit TLS, certificate and host name checks. */
        TLS,
        /** AUTH with the account's credentials. */
        AUTH
    }

    /** Checks the required parts. */
    public ProbeStep {
        Objects.requireNonNull(step, "step");
        detail = detail == null ? "" : detail;
    }
}
