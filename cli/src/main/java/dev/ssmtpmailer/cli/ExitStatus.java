package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.DeliveryException;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.auth.TokenException;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.policy.PolicyException;
import dev.ssmtpmailer.postgres.DatabaseException;
import dev.ssmtpmailer.queue.SpoolException;
import dev.ssmtpmailer.ratelimit.RateLimitException;
import dev.ssmtpmailer.server.ServerException;
import dev.ssmtpmailer.smtp.DeliveryStatus;
import dev.ssmtpmailer.smtp.RecipientResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every exit status of every command: the one table that {@code --help} prints and {@code docs/operations.md}
 * repeats (a test compares the two). The codes follow {@code sysexits(3)}, as sendmail-compatible tools do,
 * so that a script or a mail system can tell "try again later" (75) from "this will never work" (65, 78).
 */
enum ExitStatus {
    /** The command did what it was asked. */
    OK(0, "success"),
    /** EX_USAGE. */
    USAGE(64, "usage error: no command, an unknown command or option, a missing or malformed argument (the usage follows)"),
    /** EX_DATAERR. */
    DATA(65, "bad input: an invalid address or message, a queue id or --domain that does not exist, a permanent (5xx) refusal by the "
            + "upstream, a DNS record that `dns-check` finds wrong"),
    /** EX_NOINPUT. */
    NO_INPUT(66, "an input file (--body-file, --html, --attach) does not exist or cannot be read"),
    /** EX_UNAVAILABLE. */
    UNAVAILABLE(69, "unavailable: the upstream cannot be resolved or reached, or refuses TLS or AUTH; `test` found an account "
            + "that fails; `bench` had messages refused; `serve` cannot listen; the queue database (queue_backend = postgres) "
            + "cannot be used"),
    /** EX_SOFTWARE. */
    SOFTWARE(70, "internal error: a bug, please report it with the message"),
    /** EX_IOERR. */
    IO(74, "input/output error, e.g. the spool cannot be written"),
    /** EX_TEMPFAIL. */
    TEMPORARY(75, "temporary failure: a 4xx reply or a timeout after the session began, a rate limit, a DNS lookup of "
            + "`dns-check` without an answer; try again later"),
    /** EX_NOPERM. */
    NO_PERMISSION(77, "permission denied: the relay policy refuses the sender or a recipient, or a file or the spool needs "
            + "other rights"),
    /** EX_CONFIG. */
    CONFIG(78, "configuration error: the configuration directory is missing or has problems (`config --validate` lists them)");

    private final int code;
    private final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the process exit status */
    int code() {
        return code;
    }

    /** @return what the status means, as the docs and {@code --help} say it */
    String meaning() {
        return meaning;
    }

    /**
     * @return code to meaning, in order, for picocli's exit code list in {@code --help}; codes right-aligned in 3
     *         characters (padded by hand: a {@code Formatter}'s first use costs a command's start a few percent)
     */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitStatus s : values()) {
            String code = Integer.toString(s.code);
            list.put("   ".substring(Math.min(3, code.length())) + code, s.meaning);
        }
        return list;
    }

    /**
     * @param e what ended a command
     * @return the status for it: the command's own choice for a {@link Main.Failure}, else by the kind of failure
     */
    static ExitStatus of(Throwable e) {
        if (e instanceof Main.Failure f) {
            return f.status();
        }
        if (e instanceof ConfigException) {
            return CONFIG;
        }
        if (e instanceof DeliveryException d) {
            return of(d.failedRecipients());
        }
        if (e instanceof RateLimitException) {
            return TEMPORARY;
        }
        if (e instanceof PolicyException) {
            return NO_PERMISSION;
        }
        if (e instanceof TokenException || e instanceof ServerException) {
            return UNAVAILABLE;
        }
        if (e instanceof DatabaseException || e instanceof SpoolException && e.getCause() instanceof DatabaseException) {
            return UNAVAILABLE;
        }
        if (e instanceof SpoolException && e.getCause() instanceof AccessDeniedException) {
            return NO_PERMISSION;
        }
        if (e instanceof SpoolException) {
            return IO;
        }
        if (e instanceof InvalidAddressException || e instanceof IllegalArgumentException) {
            return DATA;
        }
        Throwable io = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (io instanceof AccessDeniedException) {
            return NO_PERMISSION;
        }
        if (io instanceof NoSuchFileException) {
            return NO_INPUT;
        }
        if (io instanceof IOException) {
            return IO;
        }
        return SOFTWARE;
    }

    /**
     * @param failed the recipients a delivery failed for (at least one)
     * @return 65 when the upstream refused any of them for good, 69 when the session never reached MAIL FROM
     *         (the upstream could not be resolved, reached, or logged into), else 75
     */
    static ExitStatus of(List<RecipientResult> failed) {
        if (failed.stream().anyMatch(r -> r.status() == DeliveryStatus.PERMANENT_FAILURE)) {
            return DATA;
        }
        return switch (failed.get(0).phase()) {
            case CONNECT, EHLO, TLS, AUTH -> UNAVAILABLE;
            default -> TEMPORARY;
        };
    }
}
