package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import dev.ssmtpmailer.policy.InboundClient;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.OutboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.policy.SubmissionLogins;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.aop.framework.AopProxyUtils;

/**
 * The starter's default {@link MappingResolver} and {@link RelayPolicy} beans: views that answer with the part of
 * the configuration in force ({@link RelayAssembly#mappings()}, {@link RelayAssembly#policy()}) once the starter's
 * assembly has bound itself to them, and as on the startup configuration ({@code MappingResolver.create(config)},
 * {@code RelayPolicy.create(config, mappings)}, made on first use) until then, or when the application defines its
 * own {@link RelayAssembly} bean.
 *
 * <p>Why views and not the parts themselves: the assembly keeps a resolver or policy it is given across
 * {@link RelayAssembly#reconfigure}, as it must for the application's own beans. Given the starter's defaults, made
 * from the startup configuration, {@code Relay.reconfigure} would have kept the old aliases, users and accounts
 * (a new alias refused, a rotated password sent as the old one). So the assembly is given only the application's
 * beans, makes its defaults from each configuration itself, and these views follow them.
 *
 * <p>Why the assembly binds itself, after it is built, instead of the views looking it up: the application may
 * build on a view before the assembly exists (its own {@code RelayPolicy.create(config, resolverBean)} resolves
 * users at construction), or hand a view to an assembly of its own (or wrap it in a customizer): a view that asked
 * the assembly would then ask itself. A view never answers through itself: one bound to an assembly that was given
 * the view, directly or wrapped, answers that nested call as on the startup configuration.
 *
 * @param <T> the part: {@link MappingResolver} or {@link RelayPolicy}
 */
abstract sealed class CurrentRouting<T> {
    private final Supplier<T> startupPart;
    private final ThreadLocal<Boolean> answering = new ThreadLocal<>();
    private volatile RelayAssembly bound;
    private T startup;

    private CurrentRouting(Supplier<T> startupPart) {
        this.startupPart = startupPart;
    }

    /**
     * @param bean a resolver or policy bean, perhaps a proxy of one of the starter's views
     * @return the starter's view behind it, or {@code null} when it is the application's own
     */
    static CurrentRouting<?> viewOf(Object bean) {
        Object target = AopProxyUtils.getSingletonTarget(bean);
        return (target != null ? target : bean) instanceof CurrentRouting<?> view ? view : null;
    }

    /**
     * Answers with the assembly's part from now on (unless the assembly was given this very view).
     *
     * @param assembly the starter's assembly, just built
     */
    final void bind(RelayAssembly assembly) {
        if (viewOf(partOf(assembly)) != this) {
            bound = assembly;
        }
    }

    /** @return the assembly's part in force */
    abstract T partOf(RelayAssembly assembly);

    /** Asks the part in force; a nested call through this same view (the assembly was given it) gets the startup one. */
    final <R> R ask(Function<T, R> question) {
        RelayAssembly a = bound;
        if (a == null || answering.get() != null) {
            return question.apply(startup());
        }
        answering.set(Boolean.TRUE);
        try {
            return question.apply(partOf(a));
        } finally {
            answering.remove();
        }
    }

    /** Made on first use: the application may never ask before the assembly is bound. */
    private synchronized T startup() {
        if (startup == null) {
            startup = startupPart.get();
        }
        return startup;
    }

    /** The default {@link MappingResolver} bean. */
    static final class Mappings extends CurrentRouting<MappingResolver> implements MappingResolver {
        /** @param config the startup configuration, for answers before (or without) a bound assembly */
        Mappings(RelayConfig config) {
            super(() -> MappingResolver.create(config));
        }

        @Override
        MappingResolver partOf(RelayAssembly assembly) {
            return assembly.mappings();
        }

        @Override
        public Optional<Route> resolve(EmailAddress address) {
            return ask(m -> m.resolve(address));
        }

        @Override
        public String toString() {
            return "the relay's MappingResolver in force";
        }
    }

    /** The default {@link RelayPolicy} bean. */
    static final class Policy extends CurrentRouting<RelayPolicy> implements RelayPolicy {
        /**
         * @param config the startup configuration
         * @param mappings the resolver bean, looked up when the startup policy is first needed
         */
        Policy(RelayConfig config, Supplier<MappingResolver> mappings) {
            super(() -> RelayPolicy.create(config, mappings.get()));
        }

        @Override
        RelayPolicy partOf(RelayAssembly assembly) {
            return assembly.policy();
        }

        @Override
        public OutboundDecision checkOutbound(EmailAddress sender, List<EmailAddress> recipients) {
            return ask(p -> p.checkOutbound(sender, recipients));
        }

        @Override
        public InboundDecision checkRecipient(EmailAddress recipient, InboundClient client, EmailAddress sender) {
            return ask(p -> p.checkRecipient(recipient, client, sender));
        }

        @Override
        public OutboundDecision checkSubmissionSender(EmailAddress user, EmailAddress sender) {
            return ask(p -> p.checkSubmissionSender(user, sender));
        }

        @Override
        public SubmissionLogins logins() {
            return ask(RelayPolicy::logins);
        }

        @Override
        public String toString() {
            return "the relay's RelayPolicy in force";
        }
    }
}
