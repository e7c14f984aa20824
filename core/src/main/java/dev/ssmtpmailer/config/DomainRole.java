package dev.ssmtpmailer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The role of a {@code [domain:NAME]} section in a configuration, and why. A domain is <b>local</b> (the inbound
 * server accepts mail for it) when {@code default_hostname} names it, when it is the domain part of a mapping's
 * {@code from_pattern}, or when it says {@code inbound = true}. Every other domain is an <b>upstream</b> account,
 * whatever its host and auth: a smarthost on {@code 127.0.0.1:25} without AUTH is an upstream.
 *
 * @param local whether the domain is local
 * @param reason why, in words for {@code ssmtp-mailer config} (e.g. {@code "named by default_hostname"})
 */
public record DomainRole(boolean local, String reason) {

    /**
     * @param config the whole configuration (the role depends on {@code default_hostname} and the mappings)
     * @param domain one of its domains
     * @return the domain's role
     */
    public static DomainRole of(RelayConfig config, DomainConfig domain) {
        String name = domain.name().toLowerCase(Locale.ROOT);
        if (domain.inbound()) {
            return new DomainRole(true, "marked inbound = true");
        }
        String host = config.global().defaultHostname();
        if (host != null && name.equals(host.toLowerCase(Locale.ROOT))) {
            return new DomainRole(true, "named by default_hostname");
        }
        for (MappingConfig m : config.mappings()) {
            if (name.equals(domainOf(m.fromPattern()))) {
                return new DomainRole(true, "named by the from_pattern of [mapping:" + m.name() + "]");
            }
        }
        return new DomainRole(false, "not named by default_hostname, a mapping's from_pattern or inbound = true");
    }

    /** @return {@code local} or {@code upstream} */
    public String label() {
        return local ? "local" : "upstream";
    }

    /**
     * The roles that look accidental: a domain on this host without AUTH that is an upstream (it was the local
     * domain under the old rule), a local domain holding credentials, an upstream with {@code listen_*} keys. They
     * are warnings: the configuration works as written.
     *
     * @param config the configuration
     * @return one problem per suspicious domain, at the key to look at
     */
    public static List<ConfigProblem> warnings(RelayConfig config) {
        List<ConfigProblem> found = new ArrayList<>();
        String host = config.global().defaultHostname();
        for (DomainConfig d : config.domains()) {
            if (!d.enabled()) {
                continue;
            }
            String section = "domain:" + d.name();
            if (of(config, d).local()) {
                if (d.username() != null || d.password() != null || d.oauth2() != null) {
                    found.add(new ConfigProblem(d.source(), section, d.username() != null ? ConfigKeys.USERNAME.name()
                            : null, "is a local domain (" + of(config, d).reason() + ") but holds AUTH credentials, which "
                            + "only an upstream uses; mail does not leave through a local domain's server"));
                }
            } else if (d.onThisHost(host) && d.authMethod() == AuthMethod.NONE) {
                found.add(new ConfigProblem(d.source(), section, ConfigKeys.SMTP_SERVER.name(), "is an upstream on this "
                        + "host without AUTH (" + d.smtpServer() + ":" + d.smtpPort() + "): mail is relayed to it; if the "
                        + "inbound server should accept mail for " + d.name() + " instead, set inbound = true"));
            } else if (d.listenAddress() != null || d.listenPort() != null) {
                found.add(new ConfigProblem(d.source(), section, d.listenPort() != null ? ConfigKeys.LISTEN_PORT.name()
                        : ConfigKeys.LISTEN_ADDRESS.name(), "is an upstream, so listen_address and listen_port are "
                        + "unused; set inbound = true if the inbound server should listen for " + d.name()));
            }
        }
        return found;
    }

    private static String domainOf(String pattern) {
        int at = pattern == null ? -1 : pattern.lastIndexOf('@');
        return at < 0 ? null : pattern.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
