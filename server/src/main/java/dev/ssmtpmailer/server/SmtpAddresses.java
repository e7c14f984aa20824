package dev.ssmtpmailer.server;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import org.subethamail.smtp.RejectException;

/**
 * Turns the address of {@code MAIL FROM} and {@code RCPT TO} (as SubEthaSMTP extracted it from between the
 * angle brackets) into an {@link EmailAddress}, or into the SMTP refusal a client sees.
 *
 * <p>The relay tricks are refused here, before the policy is asked: source routes ({@code @a,@b:user@c}),
 * quoted local parts ({@code "a@b"@mailer.domain1.com}), IP literals ({@code user@[192.0.2.1]}), several
 * {@code @}, addresses without a domain. {@link EmailAddress#parse} refuses all of them; this class only
 * chooses the reply. {@code %} and {@code !} routing parse fine and are refused by the policy.
 */
final class SmtpAddresses {
    /** Longest piece of a client's address quoted back in a reply. */
    private static final int MAX_ECHO = 100;
    /** Said before parsing: a quoted local part may hold {@code @} or spaces, which would give a misleading reason. */
    private static final String QUOTED = "quoted local parts are not accepted";

    private SmtpAddresses() {
    }

    /**
     * @param raw the {@code MAIL FROM} address without brackets, {@code ""} for the null sender
     * @return the sender, or {@code null} for the null sender {@code <>}
     * @throws RejectException {@code 553 5.1.7} naming why the address is refused
     */
    static EmailAddress sender(String raw) throws RejectException {
        return raw.isEmpty() ? null : parse(raw, "5.1.7", "Sender");
    }

    /**
     * @param raw the {@code RCPT TO} address without brackets
     * @return the recipient
     * @throws RejectException {@code 501 5.1.3} for an empty address, {@code 553 5.1.3} naming why others are refused
     */
    static EmailAddress recipient(String raw) throws RejectException {
        if (raw.isEmpty()) {
            throw new RejectException(501, "5.1.3 Bad recipient address syntax: empty address");
        }
        return parse(raw, "5.1.3", "Recipient");
    }

    /**
     * @param raw a non-empty address without brackets
     * @param status the enhanced status code of a refusal
     * @param role {@code Sender} or {@code Recipient}, as the refusal names the address
     * @return the address
     * @throws RejectException {@code 553} naming why the address is refused
     */
    private static EmailAddress parse(String raw, String status, String role) throws RejectException {
        String why;
        if (raw.startsWith("\"")) {
            why = QUOTED;
        } else {
            try {
                return EmailAddress.parse(withoutRootDot(raw));
            } catch (InvalidAddressException e) {
                why = reason(e);
            }
        }
        throw new RejectException(553, status + " <" + echo(raw) + ">: " + role + " address rejected: " + why);
    }

    /** {@code user@host.} names the same mailbox as {@code user@host}; the mappings know only the latter. */
    private static String withoutRootDot(String raw) {
        return raw.endsWith(".") && !raw.endsWith("..") ? raw.substring(0, raw.length() - 1) : raw;
    }

    /** The reason part of {@link InvalidAddressException}'s message ({@code invalid address '...': reason}). */
    private static String reason(InvalidAddressException e) {
        String m = e.getMessage();
        int i = m.lastIndexOf("': ");
        return i >= 0 ? m.substring(i + 3) : m;
    }

    /** The client's text, made safe for a one-line reply: printable ASCII only, bounded. */
    static String echo(String raw) {
        StringBuilder b = new StringBuilder(Math.min(raw.length(), MAX_ECHO));
        for (int i = 0; i < raw.length() && b.length() < MAX_ECHO; i++) {
            char c = raw.charAt(i);
            b.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
