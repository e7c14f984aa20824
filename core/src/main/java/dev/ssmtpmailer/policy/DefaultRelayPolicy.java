package dev.ssmtpmailer.policy;

import dev.ssmtpmailer.address.AddressPattern;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.address.InvalidAddressException;
import dev.ssmtpmailer.config.Cidr;
import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.UserConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules of {@link RelayPolicy}, over indexes built once from the configuration. */
final class DefaultRelayPolicy implements RelayPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RelayPolicy.class);

    // Outbound decisions read the first three; inbound ones read them all.
    private final MappingResolver mappings;
    private final UserIndex users;
    private final UpstreamIndex upstreams;
    private final Set<String> wildcardMappings;
    private final Set<String> localDomains;
    private final List<Cidr> trustedNetworks;
    private final SubmissionLogins logins;

    private DefaultRelayPolicy(RelayConfig config, List<MappingPattern> patterns, MappingResolver mappings) {
        this.mappings = mappings;
        this.wildcardMappings = wildcardMappings(patterns);
        this.users = UserIndex.of(config.users());
        this.upstreams = UpstreamIndex.of(config.upstreamAccounts());
        this.localDomains = localDomains(patterns, config);
        this.trustedNetworks = config.global().trustedNetworks();
        this.logins = SubmissionLogins.of(config.users());
    }

    static DefaultRelayPolicy of(RelayConfig config, MappingResolver mappings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mappings, "mappings");
        List<MappingPattern> patterns = MappingPattern.of(config.mappings()); // a bad one is reported before a bad user address
        DefaultRelayPolicy policy = new DefaultRelayPolicy(config, patterns, mappings);
        policy.warnAboutLoops(config, patterns);
        return policy;
    }

    /** A mapping's name and its {@code from_pattern}, parsed once for the indexes built from it and the loop warning. */
    private record MappingPattern(String name, AddressPattern from) {
        static List<MappingPattern> of(List<MappingConfig> mappings) {
            return mappings.stream()
                    .map(m -> new MappingPattern(m.name(), parse(m.fromPattern(), "mapping:" + m.name(), "from_pattern")))
                    .toList();
        }
    }

    /** The names of the mappings whose {@code from_pattern} is a {@code *@domain} wildcard. */
    private static Set<String> wildcardMappings(List<MappingPattern> patterns) {
        Set<String> names = new HashSet<>();
        for (MappingPattern m : patterns) {
            if (m.from().isWildcard()) {
                names.add(m.name());
            }
        }
        return Set.copyOf(names);
    }

    /** The domains of every mapping's {@code from_pattern} and every {@code [local_domain:...]}, lower case. */
    private static Set<String> localDomains(List<MappingPattern> patterns, RelayConfig config) {
        Set<String> domains = new HashSet<>();
        patterns.forEach(m -> domains.add(m.from().domain()));
        config.localDomains().forEach(d -> domains.add(lower(d.name())));
        return Set.copyOf(domains);
    }

    /** The enabled users by exact address and by {@code *@host} template; the first section of an address wins. */
    private record UserIndex(Map<String, UserConfig> exact, Map<String, UserConfig> templates) {
        static UserIndex of(List<UserConfig> users) {
            Map<String, UserConfig> exact = new HashMap<>();
            Map<String, UserConfig> templates = new HashMap<>();
            for (UserConfig u : users) {
                if (!u.enabled()) {
                    continue; // a disabled section is ignored, as a disabled [domain:...] is
                }
                AddressPattern p = parse(u.address(), "user:" + u.address(), null);
                if (p.isWildcard()) {
                    templates.putIfAbsent(p.domain(), u);
                } else {
                    exact.putIfAbsent(lower(p.toString()), u);
                }
            }
            return new UserIndex(Map.copyOf(exact), Map.copyOf(templates));
        }

        /** The most specific enabled user: an exact address beats a {@code *@host} template. */
        Optional<UserConfig> find(EmailAddress a) {
            UserConfig u = exact.get(lower(a.localPart()) + "@" + a.domain());
            return Optional.ofNullable(u != null ? u : templates.get(a.domain()));
        }
    }

    /** The enabled upstream accounts by account name (or user name) and by section name; the first one wins. */
    private record UpstreamIndex(Map<String, DomainConfig> byAccount, Map<String, DomainConfig> byName,
                                 Optional<DomainConfig> only, int count) {
        static UpstreamIndex of(List<DomainConfig> upstream) {
            Map<String, DomainConfig> byAccount = new HashMap<>();
            Map<String, DomainConfig> byName = new HashMap<>();
            for (DomainConfig d : upstream) {
                if (d.accountName() != null) {
                    byAccount.putIfAbsent(lower(d.accountName()), d);
                }
                if (d.username() != null) {
                    byAccount.putIfAbsent(lower(d.username()), d);
                }
                byName.putIfAbsent(lower(d.name()), d);
            }
            Optional<DomainConfig> only = upstream.size() == 1 ? Optional.of(upstream.get(0)) : Optional.empty();
            return new UpstreamIndex(Map.copyOf(byAccount), Map.copyOf(byName), only, upstream.size());
        }

        /** The order documented on {@link RelayPolicy}: account name, then section name, then the only account. */
        Optional<DomainConfig> choose(EmailAddress a) {
            DomainConfig d = byAccount.get(lower(a.address()));
            if (d == null) {
                d = byName.get(a.domain());
            }
            return d != null ? Optional.of(d) : only;
        }

        String noAccount(EmailAddress a) {
            return "no upstream account can be chosen for it: no enabled upstream [domain:...] has account " + a
                    + " or name " + a.domain() + ", and there are " + count
                    + " upstream accounts, not exactly one; add a [mapping:...] that names the smtp_account";
        }
    }

    /**
     * A user that may receive mail on a local domain, with no mapping for it, is delivered to itself upstream,
     * and the upstream sends it back here (this host is that domain's MX).
     */
    private void warnAboutLoops(RelayConfig config, List<MappingPattern> patterns) {
        for (UserConfig u : config.users()) {
            if (!u.enabled() || !u.canSendTo()) {
                continue;
            }
            AddressPattern p = AddressPattern.parse(u.address());
            boolean mapped = p.isWildcard()
                    ? patterns.stream().anyMatch(m -> m.from().equals(p)) // the same *@host (domains are lower case)
                    : mappings.resolve(new EmailAddress(p.localPart(), p.domain())).isPresent();
            if (localDomains.contains(p.domain()) && !mapped) {
                LOG.warn("[user:{}] has can_send_to = true on local domain {} but no [mapping:...] for it: its mail would be "
                        + "relayed to itself and come back to this host; add a mapping", u.address(), p.domain());
            }
        }
    }

    private static AddressPattern parse(String pattern, String section, String key) {
        try {
            return AddressPattern.parse(pattern);
        } catch (InvalidAddressException e) {
            throw new ConfigException(new ConfigProblem(null, section, key, e.getMessage()), e);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public OutboundDecision checkOutbound(EmailAddress sender, List<EmailAddress> recipients) {
        Objects.requireNonNull(sender, "sender");
        List<EmailAddress> rcpts = List.copyOf(recipients); // also refuses null elements
        OutboundDecision d = decideOutbound(sender, rcpts);
        LOG.debug("outbound from {} to {}: {} ({})", sender, rcpts, d.allowed() ? "allowed" : "refused", d.reason());
        return d;
    }

    private OutboundDecision decideOutbound(EmailAddress sender, List<EmailAddress> recipients) {
        Optional<Route> route = mappings.resolve(sender);
        if (route.isPresent()) {
            Route r = route.get();
            return OutboundDecision.allow(new OutboundRoute(sender, r.canonical(), r.account(), route, PolicyRule.SENDER_MAPPING),
                    "sender " + sender + " is allowed by [mapping:" + r.mappingName() + "] and leaves as " + r.canonical()
                            + " through [domain:" + r.account().name() + "]");
        }
        Optional<UserConfig> user = users.find(sender);
        if (user.isEmpty()) {
            return OutboundDecision.refuse(PolicyRule.SENDER_NOT_ALLOWED, sender, "sender " + sender
                    + " is not allowed: no mapping from_pattern and no enabled [user:...] with can_send_from = true matches it");
        }
        UserConfig u = user.get();
        if (!u.canSendFrom()) {
            return OutboundDecision.refuse(PolicyRule.SENDER_NOT_ALLOWED, sender, "sender " + sender
                    + " is not allowed: no mapping from_pattern matches it and [user:" + u.address() + "] has can_send_from = false");
        }
        Optional<OutboundDecision> outside = outsideAllowedDomains(u, sender, recipients);
        if (outside.isPresent()) {
            return outside.get();
        }
        Optional<DomainConfig> account = upstreams.choose(sender);
        if (account.isEmpty()) {
            return OutboundDecision.refuse(PolicyRule.NO_ACCOUNT, sender, "sender " + sender + " is allowed by [user:"
                    + u.address() + "] but " + upstreams.noAccount(sender));
        }
        return OutboundDecision.allow(new OutboundRoute(sender, sender, account.get(), Optional.empty(), PolicyRule.SENDER_USER),
                "sender " + sender + " is allowed by [user:" + u.address() + "] and leaves through [domain:"
                        + account.get().name() + "]");
    }

    /** The refusal of the first recipient outside the user's {@code allowed_domains}, if it has some. */
    private static Optional<OutboundDecision> outsideAllowedDomains(UserConfig u, EmailAddress sender,
                                                                    List<EmailAddress> recipients) {
        if (u.allowedDomains().isEmpty()) {
            return Optional.empty();
        }
        return recipients.stream().filter(r -> u.allowedDomains().stream().noneMatch(a -> a.equalsIgnoreCase(r.domain())))
                .findFirst().map(r -> OutboundDecision.refuse(PolicyRule.RECIPIENT_DOMAIN_NOT_ALLOWED, r, "recipient " + r
                        + " is not allowed for sender " + sender + ": [user:" + u.address() + "] has allowed_domains = "
                        + String.join(", ", u.allowedDomains())));
    }

    @Override
    public InboundDecision checkRecipient(EmailAddress recipient, InboundClient client, EmailAddress sender) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(client, "client");
        InboundDecision d = decideInbound(recipient, client, sender);
        if (LOG.isDebugEnabled()) { // per RCPT: no reply text, argument array or boxing unless it is logged
            LOG.debug("RCPT {} from client {} (MAIL FROM <{}>): {} ({})", recipient, client, sender == null ? "" : sender,
                    d.reply(), d.reason());
        }
        return d;
    }

    @Override
    public OutboundDecision checkSubmissionSender(EmailAddress user, EmailAddress sender) {
        Objects.requireNonNull(user, "user");
        OutboundDecision d = decideAuthenticated(user, sender, List.of());
        if (LOG.isDebugEnabled()) {
            LOG.debug("MAIL FROM <{}> of user {}: {} ({})", sender == null ? "" : sender, user,
                    d.allowed() ? "allowed" : "refused", d.reason());
        }
        return d;
    }

    @Override
    public SubmissionLogins logins() {
        return logins;
    }

    private InboundDecision decideInbound(EmailAddress rcpt, InboundClient client, EmailAddress sender) {
        Optional<Route> route = mappings.resolve(rcpt);
        if (route.isPresent()) {
            Route r = route.get();
            if (wildcardMappings.contains(r.mappingName()) && hasRoutingCharacters(rcpt)) {
                return routingRefused(rcpt, "[mapping:" + r.mappingName() + "]");
            }
            // built once per RCPT: String.join sizes the text once, where + (a StringBuilder in this build) grows it
            // three or four times for a line this long
            EmailAddress to = r.canonical();
            return InboundDecision.accept(PolicyRule.RECIPIENT_MAPPING, rcpt, to, r.account(), route, Optional.empty(),
                    String.join("", "recipient ", rcpt.localPart(), "@", rcpt.domain(), " is accepted by [mapping:",
                            r.mappingName(), "] for ", to.localPart(), "@", to.domain(), " through [domain:",
                            r.account().name(), "]"));
        }
        Optional<UserConfig> user = users.find(rcpt);
        if (user.isPresent() && user.get().canSendTo()) {
            UserConfig u = user.get();
            if (u.templateAddress() && hasRoutingCharacters(rcpt)) {
                return routingRefused(rcpt, "[user:" + u.address() + "]");
            }
            Optional<DomainConfig> account = upstreams.choose(rcpt);
            if (account.isEmpty()) {
                return InboundDecision.refuse(PolicyRule.NO_ACCOUNT, 451, "4.3.5", rcpt, "Server configuration problem",
                        "recipient " + rcpt + " is accepted by [user:" + u.address() + "] but " + upstreams.noAccount(rcpt));
            }
            return InboundDecision.accept(PolicyRule.RECIPIENT_USER, rcpt, rcpt, account.get(), Optional.empty(), Optional.empty(),
                    "recipient " + rcpt + " is accepted by [user:" + u.address() + "] through [domain:" + account.get().name() + "]");
        }
        if (localDomains.contains(rcpt.domain())) {
            return InboundDecision.refuse(PolicyRule.UNKNOWN_LOCAL_RECIPIENT, 550, "5.1.1", rcpt,
                    "Recipient address rejected: User unknown", "recipient " + rcpt + " is on local domain " + rcpt.domain()
                            + " but no mapping and no enabled [user:...] with can_send_to = true matches it");
        }
        if (client.user().isPresent()) {
            OutboundDecision out = decideAuthenticated(client.user().get(), sender, List.of(rcpt));
            return out.allowed() ? submission(PolicyRule.AUTHENTICATED_SUBMISSION, rcpt, out, "client " + client
                    + " logged in and " + out.reason()) : submissionRefused(rcpt, out);
        }
        if (trustedNetworks.stream().noneMatch(n -> n.contains(client.address()))) {
            return InboundDecision.refuse(PolicyRule.RELAY_DENIED, 554, "5.7.1", rcpt, "Relay access denied",
                    "recipient " + rcpt + " is on foreign domain " + rcpt.domain() + " and client " + client
                            + " is not in trusted_networks and did not log in");
        }
        if (sender == null) {
            return InboundDecision.refuse(PolicyRule.SENDER_NOT_ALLOWED, 554, "5.7.1", rcpt,
                    "Sender address rejected: not allowed to relay", "recipient " + rcpt + " is on foreign domain "
                            + rcpt.domain() + " and the null sender <> cannot submit outbound mail");
        }
        OutboundDecision out = decideOutbound(sender, List.of(rcpt));
        return out.allowed() ? submission(PolicyRule.TRUSTED_SUBMISSION, rcpt, out, "client " + client
                + " is in trusted_networks and " + out.reason()) : submissionRefused(rcpt, out);
    }

    private static InboundDecision submission(PolicyRule rule, EmailAddress rcpt, OutboundDecision out, String reason) {
        OutboundRoute r = out.route().orElseThrow();
        return InboundDecision.accept(rule, rcpt, rcpt, r.account(), Optional.empty(), out.route(), reason);
    }

    private static InboundDecision submissionRefused(EmailAddress rcpt, OutboundDecision out) {
        return switch (out.rule()) {
            case NO_ACCOUNT -> InboundDecision.refuse(PolicyRule.NO_ACCOUNT, 451, "4.3.5", rcpt,
                    "Server configuration problem", out.reason());
            case RECIPIENT_DOMAIN_NOT_ALLOWED -> InboundDecision.refuse(out.rule(), 554, "5.7.1", rcpt,
                    "Recipient address rejected: domain not allowed for this sender", out.reason());
            case SENDER_LOGIN_MISMATCH -> InboundDecision.refuse(out.rule(), 550, "5.7.1", rcpt,
                    "Sender address rejected: not owned by the logged-in user", out.reason());
            default -> InboundDecision.refuse(out.rule(), 554, "5.7.1", rcpt,
                    "Sender address rejected: not allowed to relay", out.reason());
        };
    }

    /**
     * A logged-in client sends as its user's own address, which the outbound rules must allow; the user's
     * {@code allowed_domains} apply even when a mapping allows the address.
     */
    private OutboundDecision decideAuthenticated(EmailAddress user, EmailAddress sender, List<EmailAddress> recipients) {
        if (sender == null) {
            return OutboundDecision.refuse(PolicyRule.SENDER_NOT_ALLOWED, null, "the null sender <> cannot submit mail "
                    + "(the client logged in as " + user + ")");
        }
        if (!sender.equals(user)) {
            return OutboundDecision.refuse(PolicyRule.SENDER_LOGIN_MISMATCH, sender, "sender " + sender
                    + " is not the address of the logged-in user " + user);
        }
        Optional<UserConfig> u = users.find(user);
        if (!logins.contains(user) || u.isEmpty() || !u.get().canSendFrom()) {
            return OutboundDecision.refuse(PolicyRule.SENDER_NOT_ALLOWED, sender, "user " + user
                    + " logged in, but is no longer an enabled [user:...] with password_hash and can_send_from = true");
        }
        Optional<OutboundDecision> outside = outsideAllowedDomains(u.get(), sender, recipients);
        return outside.isPresent() ? outside.get() : decideOutbound(sender, recipients);
    }

    private static InboundDecision routingRefused(EmailAddress rcpt, String section) {
        return InboundDecision.refuse(PolicyRule.ROUTING_CHARACTERS, 550, "5.7.1", rcpt,
                "Recipient address rejected: '%' and '!' routing is not supported", "recipient " + rcpt
                        + " matches only the pattern of " + section + " and carries '%' or '!', the source-routing forms");
    }

    private static boolean hasRoutingCharacters(EmailAddress a) {
        return a.localPart().indexOf('%') >= 0 || a.localPart().indexOf('!') >= 0;
    }
}
