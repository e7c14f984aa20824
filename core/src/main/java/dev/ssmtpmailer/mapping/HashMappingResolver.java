package dev.ssmtpmailer.mapping;

import dev.ssmtpmailer.address.AddressPattern;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two hash maps: exact aliases keyed by lower-cased {@code local@domain}, wildcards keyed by domain (already
 * lower case in {@link EmailAddress}). Resolving is at most two probes, so it does not grow with the number of
 * mappings.
 */
final class HashMappingResolver implements MappingResolver {
    private static final Logger LOG = LoggerFactory.getLogger(MappingResolver.class);

    /**
     * A parsed mapping, ready to apply; an exact {@code to_pattern} is turned into its address once, here, so
     * that resolving it allocates nothing but the route.
     */
    private record Target(String name, AddressPattern to, EmailAddress fixedCanonical, DomainConfig account) {
        EmailAddress canonicalFor(EmailAddress alias) {
            return fixedCanonical != null ? fixedCanonical : to.apply(alias);
        }
    }

    private final Map<String, Target> exact;
    private final Map<String, Target> wildcard;

    private HashMappingResolver(Map<String, Target> exact, Map<String, Target> wildcard) {
        this.exact = exact;
        this.wildcard = wildcard;
    }

    static HashMappingResolver of(RelayConfig config) {
        Objects.requireNonNull(config, "config");
        Map<String, DomainConfig> accounts = accountsByName(config);
        Map<String, Target> exact = new HashMap<>();
        Map<String, Target> wildcard = new HashMap<>();
        for (MappingConfig m : config.mappings()) {
            String section = "mapping:" + m.name();
            AddressPattern from = parse(m, section, "from_pattern", m.fromPattern());
            AddressPattern to = parse(m, section, "to_pattern", m.toPattern());
            DomainConfig account = m.smtpAccount() == null ? null : accounts.get(m.smtpAccount().toLowerCase(Locale.ROOT));
            if (account == null) {
                throw new ConfigException(List.of(new ConfigProblem(m.source(), section, "smtp_account",
                        "'" + m.smtpAccount() + "' matches no enabled [domain:...] relay_account or username")));
            }
            Target target = new Target(m.name(), to, to.isWildcard() ? null : new EmailAddress(to.localPart(), to.domain()),
                    account);
            // The validator refuses duplicate from_patterns; the first one wins if another RelayConfig has some.
            if (from.isWildcard()) {
                wildcard.putIfAbsent(from.domain(), target);
            } else {
                exact.putIfAbsent(key(from.localPart(), from.domain()), target);
            }
        }
        return new HashMappingResolver(exact, wildcard);
    }

    /** The same lookup as {@link RelayConfig#account(String)}, indexed once instead of scanned per mapping. */
    private static Map<String, DomainConfig> accountsByName(RelayConfig config) {
        Map<String, DomainConfig> byName = new HashMap<>();
        for (DomainConfig d : config.domains()) {
            if (!d.enabled()) {
                continue;
            }
            if (d.accountName() != null) {
                byName.putIfAbsent(d.accountName().toLowerCase(Locale.ROOT), d);
            }
            if (d.username() != null) {
                byName.putIfAbsent(d.username().toLowerCase(Locale.ROOT), d);
            }
        }
        return byName;
    }

    private static AddressPattern parse(MappingConfig m, String section, String key, String value) {
        try {
            return AddressPattern.parse(value);
        } catch (InvalidAddressException e) {
            throw new ConfigException(new ConfigProblem(m.source(), section, key, e.getMessage()), e);
        }
    }

    private static String key(String localPart, String lowerCaseDomain) {
        return localPart.toLowerCase(Locale.ROOT) + "@" + lowerCaseDomain;
    }

    @Override
    public Optional<Route> resolve(EmailAddress address) {
        Objects.requireNonNull(address, "address");
        Target t = exact.get(key(address.localPart(), address.domain()));
        boolean isExact = t != null;
        if (t == null) {
            t = wildcard.get(address.domain());
        }
        if (t == null) {
            LOG.debug("no mapping matches {}", address);
            return Optional.empty();
        }
        Route route = new Route(address, t.canonicalFor(address), t.name(), t.account());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} mapping [mapping:{}] matched {} -> {} via account {}", isExact ? "exact" : "wildcard",
                    t.name(), address, route.canonical(), t.account().name());
        }
        return Optional.of(route);
    }

    @Override
    public String toString() {
        return "MappingResolver[" + exact.size() + " exact, " + wildcard.size() + " wildcard]";
    }
}
