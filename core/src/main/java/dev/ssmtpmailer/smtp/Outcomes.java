package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.Envelope;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Turns what a {@link TrackingTransport} recorded, and the exception Angus threw if any, into one
 * {@link RecipientResult} per recipient. This is the only place where {@code MessagingException}s become
 * results; the exception itself is kept by the caller for its DEBUG log.
 */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * What one transaction did.
     *
     * @param results one per recipient
     * @param connectionLost the connection is gone or unusable (I/O error, timeout, 421, end of stream, or a
     *     failure that is not a {@code MessagingException}, such as a body whose stream threw)
     * @param anyRecipientAccepted a RCPT got a positive reply (the server has seen a live transaction)
     */
    record Transaction(List<RecipientResult> results, boolean connectionLost, boolean anyRecipientAccepted) {
    }

    static Transaction of(Envelope envelope, TrackingTransport t, Exception failure) {
        List<SmtpReply> rcpt = t.rcptReplies();
        SmtpReply eod = t.endOfDataReply();
        SmtpPhase phase = t.phase();
        SmtpReply last = t.lastReply();
        // a failure that is not a MessagingException came from the body or a bug, not from the server
        boolean local = failure != null && !(failure instanceof jakarta.mail.MessagingException);
        boolean lost = failure != null && (local || isIo(failure) || last.code() == 0 || last.code() == 421);
        SmtpReply failed = failure == null ? null
                : local ? SmtpReply.local(failure.getClass().getSimpleName() + ": " + describe(failure))
                : lost && last.code() != 421 ? SmtpReply.local(describe(failure)) : last;
        boolean messageAccepted = eod != null && eod.positive();
        List<RecipientResult> results = new ArrayList<>(envelope.recipients().size());
        boolean anyAccepted = false;
        for (int i = 0; i < envelope.recipients().size(); i++) {
            EmailAddress to = envelope.recipients().get(i);
            SmtpReply own = i < rcpt.size() ? rcpt.get(i) : null;
            anyAccepted |= own != null && own.positive();
            if (own != null && !own.positive()) {
                results.add(failed(to, own, SmtpPhase.RCPT));
            } else if (failure == null || messageAccepted) {
                results.add(delivered(to, eod != null ? eod : last));
            } else {
                results.add(failed(to, failed, phase));
            }
        }
        return new Transaction(results, lost, anyAccepted);
    }

    /** @return the same failure for every recipient (connecting, TLS, AUTH, no free connection) */
    static List<RecipientResult> allFailed(Envelope envelope, SmtpReply reply, SmtpPhase phase, boolean forceTemporary) {
        List<RecipientResult> results = new ArrayList<>(envelope.recipients().size());
        for (EmailAddress to : envelope.recipients()) {
            DeliveryStatus status = forceTemporary ? DeliveryStatus.TEMPORARY_FAILURE : reply.failureStatus();
            results.add(new RecipientResult(to, status, reply.code(), reply.enhancedStatus(), phase, reply.text()));
        }
        return results;
    }

    private static RecipientResult delivered(EmailAddress to, SmtpReply reply) {
        return new RecipientResult(to, DeliveryStatus.DELIVERED, reply.code(), reply.enhancedStatus(),
                SmtpPhase.END_OF_DATA, reply.text());
    }

    private static RecipientResult failed(EmailAddress to, SmtpReply reply, SmtpPhase phase) {
        return new RecipientResult(to, reply.failureStatus(), reply.code(), reply.enhancedStatus(), phase, reply.text());
    }

    /** @return whether the failure is an I/O error or timeout somewhere in the chain (no usable reply) */
    static boolean isIo(Throwable failure) {
        return find(failure, IOException.class) != null;
    }

    static boolean isTls(Throwable failure) {
        return find(failure, SSLException.class) != null
                || find(failure, java.security.cert.CertificateException.class) != null;
    }

    /**
     * @return a one-line description of a local failure, without secrets; a name that did not resolve reads
     *     {@code cannot resolve HOST}, whatever Angus wrapped around it ("Couldn't connect to host ...")
     */
    static String describe(Throwable failure) {
        UnknownHostException unknown = find(failure, UnknownHostException.class);
        if (unknown != null) {
            return cannotResolve(unknown);
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return "timed out waiting for the server: " + message(find(failure, SocketTimeoutException.class));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == failure || root.getMessage() == null) {
            return message(failure);
        }
        return message(failure) + ": " + message(root);
    }

    /**
     * @param e the JDK's failure: its message is the name ({@code Socket.connect} of an unresolved address) or
     *     {@code "NAME: Name or service not known"} ({@code InetAddress.getAllByName})
     * @return {@code cannot resolve NAME (DNS lookup failed)}
     */
    static String cannotResolve(UnknownHostException e) {
        String m = e.getMessage() == null ? "the server's name" : e.getMessage().strip();
        int colon = m.indexOf(": ");
        return "cannot resolve " + (colon > 0 ? m.substring(0, colon) : m) + " (DNS lookup failed)";
    }

    /**
     * @param failure a failed TLS handshake or certificate check
     * @param host the server's name as configured
     * @return what an operator can do about it, in parentheses after a space, or {@code ""} when it is not a
     *     certificate problem
     */
    static String tlsHint(Throwable failure, String host) {
        if (find(failure, CertificateExpiredException.class) != null) {
            return " (the server's certificate has expired)";
        }
        if (find(failure, CertPathBuilderException.class) != null) {
            return " (the server's certificate is not trusted: give its CA as ca_file, or put it in a PEM file in ssl_dir)";
        }
        String text = describe(failure);
        // Angus's own host name check, and the JDK's endpoint identification
        if (text.contains("verify identity of server") || text.contains("No subject alternative") || text.contains("No name matching")) {
            return " (the server's certificate is not issued for " + host + ")";
        }
        return "";
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof jakarta.mail.MessagingException me && me.getNextException() != null
                    && me.getNextException() != me.getCause() && type.isInstance(me.getNextException())) {
                return type.cast(me.getNextException());
            }
        }
        return null;
    }
}
