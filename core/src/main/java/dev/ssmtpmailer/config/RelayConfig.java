package dev.ssmtpmailer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The whole, validated configuration of a relay: global settings, domains (upstream accounts and the local
 * domain), users and mappings. Instances are immutable and always valid: the only way to get one is
 * {@link #builder()}, whose {@link Builder#build()} checks everything at once and throws a
 * {@link ConfigException} listing every problem.
 *
 * <pre>{@code
 * RelayConfig config = RelayConfig.builder()
 *         .domain(DomainConfig.builder("domain1.com")
 *                 .smtpServer("smtp.gmail.com").smtpPort(587).tls(TlsMode.STARTTLS)
 *                 .authMethod(AuthMethod.LOGIN).relayAccount("mail-relay@domain1.com")
 *                 .username("mail-relay@domain1.com").password(Secret.fromEnv("GMAIL_APP_PASSWORD"))
 *                 .build())
 *         .mapping(MappingConfig.of("contact-sales", "contact-sales@mailer.domain1.com",
 *                 "contact-sales@domain1.com", "mail-relay@domain1.com"))
 *         .build();
 * }</pre>
 */
public interface RelayConfig {

    /** @return the {@code [global]} settings */
    GlobalSettings global();

    /** @return every {@code [domain:...]} section, in the order given */
    List<DomainConfig> domains();

    /** @return every {@code [user:...]} section, in the order given */
    List<UserConfig> users();

    /** @return every {@code [mapping:...]} section, in the order given */
    List<MappingConfig> mappings();

    /**
     * @param name a section name
     * @return the domain of that name
     */
    default Optional<DomainConfig> domain(String name) {
        List<DomainConfig> all = domains();
        for (int i = 0; i < all.size(); i++) { // loops, not streams: the delivery of every message looks accounts up
            if (all.get(i).name().equalsIgnoreCase(name)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Finds the upstream account a mapping names in {@code smtp_account}.
     *
     * @param smtpAccount the {@code relay_account} or {@code username} of a domain
     * @return the enabled domain with that account name
     */
    default Optional<DomainConfig> account(String smtpAccount) {
        List<DomainConfig> all = domains();
        for (int i = 0; i < all.size(); i++) {
            DomainConfig d = all.get(i);
            if (d.enabled() && (smtpAccount.equalsIgnoreCase(d.accountName())
                    || (d.username() != null && smtpAccount.equalsIgnoreCase(d.username())))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * @return the enabled domains that are upstream accounts: every domain that is not local (see {@link DomainRole}),
     *         whatever its host and auth
     */
    default List<DomainConfig> upstreamAccounts() {
        return domains().stream().filter(DomainConfig::enabled).filter(d -> !DomainRole.of(this, d).local()).toList();
    }

    /**
     * @return the enabled local domains, served by the inbound server: named by {@code default_hostname}, by a
     *         mapping's {@code from_pattern}, or marked {@code inbound = true} (see {@link DomainRole})
     */
    default List<DomainConfig> localDomains() {
        return domains().stream().filter(DomainConfig::enabled).filter(d -> DomainRole.of(this, d).local()).toList();
    }

    /** @return a new, empty builder */
    static Builder builder() {
        return new Builder();
    }

    /**
     * @param config a configuration to start from
     * @return a builder holding its values, to change some and build again
     */
    static Builder builder(RelayConfig config) {
        Builder b = new Builder().global(config.global());
        config.domains().forEach(b::domain);
        config.users().forEach(b::user);
        config.mappings().forEach(b::mapping);
        return b;
    }

    /** Collects the sections of a configuration and validates them together. */
    final class Builder {
        private GlobalSettings global = GlobalSettings.defaults();
        private final List<DomainConfig> domains = new ArrayList<>();
        private final List<UserConfig> users = new ArrayList<>();
        private final List<MappingConfig> mappings = new ArrayList<>();
        private final List<ConfigProblem> sectionProblems = new ArrayList<>();
        private Function<String, String> environment = System::getenv;
        private Consumer<ConfigProblem> unsetVariables;

        Builder() {
        }

        /** @param g the {@code [global]} settings @return this */
        public Builder global(GlobalSettings g) {
            global = Objects.requireNonNull(g, "global");
            return this;
        }

        /** @param change applied to the current global settings @return this */
        public Builder global(UnaryOperator<GlobalSettings.Builder> change) {
            global = change.apply(global.toBuilder()).build();
            return this;
        }

        /** @param d a domain to add @return this */
        public Builder domain(DomainConfig d) {
            domains.add(Objects.requireNonNull(d, "domain"));
            return this;
        }

        /** @param u a user to add @return this */
        public Builder user(UserConfig u) {
            users.add(Objects.requireNonNull(u, "user"));
            return this;
        }

        /** @param m a mapping to add @return this */
        public Builder mapping(MappingConfig m) {
            mappings.add(Objects.requireNonNull(m, "mapping"));
            return this;
        }

        /**
         * @param lookup how the variables that {@code *_env} keys name are looked up in the sections added
         *        after this call; default {@link System#getenv(String)}
         * @return this
         */
        public Builder environment(Function<String, String> lookup) {
            environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * For a tool that checks a configuration outside the service's environment ({@code config --validate},
         * {@code dns-check}): a secret whose {@code *_env} variable is not set in this process goes to
         * {@code warnings} instead of failing {@link #build()}. Such a secret still fails when it is used.
         *
         * @param warnings receives each unset variable as a problem at its key ({@code password_env}), naming it
         * @return this
         */
        public Builder unsetVariables(Consumer<ConfigProblem> warnings) {
            unsetVariables = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /**
         * Adds a section given as keys and values (how the INI files and the Spring properties arrive): a
         * {@code [global]} section replaces the global settings, the others are added. Problems with its keys and
         * values are reported by {@link #build()}, together with all others.
         *
         * @param values the section
         * @return this
         */
        public Builder section(SectionValues values) {
            List<ConfigProblem> found = new ArrayList<>(ConfigValidator.checkKeys(values));
            SectionCodec codec = new SectionCodec(environment, found);
            switch (values.kind()) {
                case GLOBAL -> global = codec.global(values);
                case DOMAIN -> domains.add(codec.domain(values));
                case USER -> users.add(codec.user(values));
                case MAPPING -> mappings.add(codec.mapping(values));
            }
            sectionProblems.addAll(found);
            return this;
        }

        /**
         * Validates everything and returns the configuration.
         *
         * @return the configuration
         * @throws ConfigException listing every problem found, each with its section, key and location
         */
        public RelayConfig build() {
            List<ConfigProblem> problems = new ArrayList<>(sectionProblems);
            problems.addAll(new ConfigValidator(global, domains, users, mappings, unsetVariables).validate());
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new ImmutableRelayConfig(global, List.copyOf(domains), List.copyOf(users), List.copyOf(mappings));
        }
    }
}
