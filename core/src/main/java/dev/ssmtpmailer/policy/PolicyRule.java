package dev.ssmtpmailer.policy;

/**
 * Every rule the {@link RelayPolicy} applies, so that a decision, a log line or a {@link PolicyException} can
 * say which one decided. The first six accept; the others refuse.
 */
public enum PolicyRule {
    /** Outbound: the sender matches a mapping's {@code from_pattern}; it leaves as the canonical address. */
    SENDER_MAPPING(true),
    /** Outbound: the sender matches an enabled {@code [user:...]} with {@code can_send_from = true}. */
    SENDER_USER(true),
    /** Inbound: the recipient matches a mapping's {@code from_pattern}; it is forwarded to the canonical address. */
    RECIPIENT_MAPPING(true),
    /** Inbound: the recipient matches an enabled {@code [user:...]} with {@code can_send_to = true}. */
    RECIPIENT_USER(true),
    /**
     * Inbound: the client is in {@code trusted_networks} and submits outbound mail to a foreign recipient; the
     * sender rules ({@link #SENDER_MAPPING}, {@link #SENDER_USER}) decided.
     */
    TRUSTED_SUBMISSION(true),
    /**
     * Inbound: the client logged in with {@code AUTH} as a {@code [user:ADDRESS]} (after {@code STARTTLS}, from
     * any IP address) and submits outbound mail to a foreign recipient as that address; the sender rules
     * ({@link #SENDER_MAPPING}, {@link #SENDER_USER}) and the user's {@code allowed_domains} decided.
     */
    AUTHENTICATED_SUBMISSION(true),

    /**
     * The sender matches no mapping and no enabled {@code [user:...]} with {@code can_send_from = true} (or it
     * is the null sender {@code <>}, which cannot submit mail).
     */
    SENDER_NOT_ALLOWED(false),
    /** A recipient's domain is not in the {@code allowed_domains} of the user that allowed the sender. */
    RECIPIENT_DOMAIN_NOT_ALLOWED(false),
    /**
     * A client logged in as one {@code [user:ADDRESS]} gave another sender: a logged-in client sends as its own
     * address only ({@code 550 5.7.1}, Postfix's {@code reject_sender_login_mismatch}).
     */
    SENDER_LOGIN_MISMATCH(false),
    /**
     * The address is allowed by a {@code [user:...]} without a mapping, but no upstream account can be chosen
     * for it (see {@link RelayPolicy} for the order tried). An operator must add a mapping or an account.
     */
    NO_ACCOUNT(false),
    /** Inbound: the recipient is on a local domain, but no mapping or user accepts it: {@code 550 5.1.1}. */
    UNKNOWN_LOCAL_RECIPIENT(false),
    /** Inbound: the recipient is on a foreign domain and the client is not trusted: {@code 554 5.7.1}. */
    RELAY_DENIED(false),
    /**
     * Inbound: a recipient accepted only through a {@code *@host} pattern carries {@code %} or {@code !} in its
     * local part, the old source-routing forms ({@code user%other.example@host}, {@code other!user@host}) that
     * some servers still forward. Exact mappings and exact users may name such addresses.
     */
    ROUTING_CHARACTERS(false);

    private final boolean accepts;

    PolicyRule(boolean accepts) {
        this.accepts = accepts;
    }

    /** @return whether this rule accepts (the others refuse) */
    public boolean accepts() {
        return accepts;
    }
}
