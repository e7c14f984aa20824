package dev.ssmtpmailer.mapping;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.RelayConfig;
import java.util.Optional;

/**
 * Resolves a local alias ({@code contact-sales@mailer.domain1.com}) to its canonical address and upstream
 * account, following the {@code [mapping:...]} sections of a configuration.
 *
 * <p>Rules (docs/relaying-rules.md): a {@code from_pattern} is an exact address or {@code *@host}; an exact
 * pattern beats a wildcard; domains and local parts compare case-insensitively; a {@code *} in
 * {@code to_pattern} carries the matched local part over with its case. A lookup costs two hash-map probes
 * whatever the number of mappings.
 *
 * <p>Instances are immutable and thread-safe; build a new one when the configuration changes.
 */
public interface MappingResolver {

    /**
     * Finds the mapping for an address, used both for the sender of outbound mail and for the recipient of
     * inbound mail.
     *
     * @param address the alias to resolve
     * @return the route, or empty when no mapping's {@code from_pattern} matches the address
     * @throws NullPointerException if {@code address} is {@code null}
     */
    Optional<Route> resolve(EmailAddress address);

    /**
     * Indexes the mappings of a configuration.
     *
     * @param config a validated configuration
     * @return a resolver over its mappings
     * @throws ConfigException if a mapping cannot be used: its patterns do not parse or its {@code smtp_account}
     *     names no enabled domain (impossible for a configuration built by {@link RelayConfig#builder()}, which
     *     checks both; possible for another implementation of {@link RelayConfig})
     */
    static MappingResolver create(RelayConfig config) {
        return HashMappingResolver.of(config);
    }
}
