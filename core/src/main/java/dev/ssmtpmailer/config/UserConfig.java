package dev.ssmtpmailer.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code [user:ADDRESS]} section: an address (or, with {@code template_address = true}, a pattern such as
 * {@code *@mailer.domain1.com}) that may send or receive through the relay.
 *
 * @param address the section's address or pattern
 * @param enabled {@code enabled}, default {@code true}
 * @param domain {@code domain}: the domain this user belongs to, or {@code null}
 * @param canSendFrom {@code can_send_from}: may be the sender of outbound mail, default {@code false}
 * @param canSendTo {@code can_send_to}: may be the recipient of inbound mail, default {@code false}
 * @param templateAddress {@code template_address}: {@code address} is a {@code *@host} pattern, default {@code false}
 * @param allowedDomains {@code allowed_domains}: when not empty, every recipient's domain must be one of these
 * @param passwordHash {@code password_hash}: what a client that logs in as this user with {@code AUTH} is checked
 *     against, or {@code null} when the user cannot log in
 * @param source where the section came from
 */
public record UserConfig(String address, boolean enabled, String domain, boolean canSendFrom, boolean canSendTo,
                         boolean templateAddress, List<String> allowedDomains, PasswordHash passwordHash,
                         SourceLocation source) {

    /** Copies the list and fills in a missing location. */
    public UserConfig {
        Objects.requireNonNull(address, "address");
        allowedDomains = List.copyOf(allowedDomains == null ? List.of() : allowedDomains);
        source = source == null ? SourceLocation.NONE : source;
    }

    /**
     * @param address the user's address or pattern
     * @return a builder with the defaults
     */
    public static Builder builder(String address) {
        return new Builder(address);
    }

    /** Builds a {@link UserConfig}. */
    public static final class Builder {
        private final String address;
        private boolean enabled = ConfigKeys.USER_ENABLED.defaultValue();
        private String domain;
        private boolean canSendFrom = ConfigKeys.CAN_SEND_FROM.defaultValue();
        private boolean canSendTo = ConfigKeys.CAN_SEND_TO.defaultValue();
        private boolean templateAddress = ConfigKeys.TEMPLATE_ADDRESS.defaultValue();
        private List<String> allowedDomains = List.of();
        private PasswordHash passwordHash;
        private SourceLocation source = SourceLocation.NONE;

        Builder(String address) {
            this.address = Objects.requireNonNull(address, "address");
        }

        /** @param v {@code enabled} @return this */
        public Builder enabled(boolean v) { enabled = v; return this; }
        /** @param v {@code domain} @return this */
        public Builder domain(String v) { domain = v; return this; }
        /** @param v {@code can_send_from} @return this */
        public Builder canSendFrom(boolean v) { canSendFrom = v; return this; }
        /** @param v {@code can_send_to} @return this */
        public Builder canSendTo(boolean v) { canSendTo = v; return this; }
        /** @param v {@code template_address} @return this */
        public Builder templateAddress(boolean v) { templateAddress = v; return this; }
        /** @param v {@code allowed_domains} @return this */
        public Builder allowedDomains(List<String> v) { allowedDomains = v; return this; }
        /** @param v {@code password_hash}, or {@code null} for none @return this */
        public Builder passwordHash(PasswordHash v) { passwordHash = v; return this; }
        /** @param v where the section came from @return this */
        public Builder source(SourceLocation v) { source = v; return this; }

        /** @return the user, unchecked (the whole configuration is checked at once) */
        public UserConfig build() {
            return new UserConfig(address, enabled, domain, canSendFrom, canSendTo, templateAddress, allowedDomains, passwordHash,
                    source);
        }
    }
}
