package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.EmailAddress;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP client of an inbound session, as the policy sees it: where it connects from and, once it logged in
 * with {@code AUTH}, as which user.
 *
 * @param address the client's IP address
 * @param user the address of the {@code [user:ADDRESS]} the client logged in as, empty before (or without) a
 *     successful {@code AUTH}
 */
public record InboundClient(InetAddress address, Optional<EmailAddress> user) {

    /** @throws NullPointerException if a component is {@code null} */
    public InboundClient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
    }

    /**
     * @param address the client's IP address
     * @return a client that has not logged in
     */
    public static InboundClient anonymous(InetAddress address) {
        return new InboundClient(address, Optional.empty());
    }

    /**
     * @param address the client's IP address
     * @param user the address of the user it logged in as ({@link SubmissionLogins#authenticate})
     * @return a logged-in client
     */
    public static InboundClient authenticated(InetAddress address, EmailAddress user) {
        return new InboundClient(address, Optional.of(Objects.requireNonNull(user, "user")));
    }

    /** @return {@code 192.0.2.7} or {@code 192.0.2.7 (user app@mailer.domain1.com)}, for logs and reasons */
    @Override
    public String toString() {
        return address.getHostAddress() + user.map(u -> " (user " + u + ")").orElse("");
    }
}
