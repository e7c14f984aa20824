package dev.ssmtpmailer.spring;

import dev.ssmtpmailer.RelayAssembly;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import dev.ssmtpmailer.policy.InboundClient;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.OutboundDecision;
import dev.ssmtpmailer.policy.RelayPolicy;
import dev.ssmtpmailer.policy.SubmissionLogins;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The starter's default {@link MappingResolver} and {@link RelayPolicy} beans: each answers with the assembly's
 * part of the configuration in force ({@link RelayAssembly#mappings()}, {@link RelayAssembly#policy()}).
 *
 * <p>Why not the parts themselves: the assembly keeps a resolver or policy it is given across
 * {@link RelayAssembly#reconfigure}, as it must for the application's own beans. Given the starter's defaults, made
 * from the startup configuration, {@code Relay.reconfigure} would have kept the old aliases, users and accounts
 * (a new alias refused, a rotated password sent as the old one). So the assembly is given only the application's
 * beans, makes its defaults from each configuration itself, and these beans follow them.
 */
abstract sealed class CurrentRouting {
    private final ObjectProvider<RelayAssembly> assembly;
    private volatile RelayAssembly resolved;

    private CurrentRouting(ObjectProvider<RelayAssembly> assembly) {
        this.assembly = assembly;
    }

    /** @return whether a bean is one of the starter's defaults, which the assembly is not given */
    static boolean isDefault(Object bean) {
        return bean instanceof CurrentRouting;
    }

    /** The assembly, looked up on first use: it is made after these beans, which it is handed. */
    final RelayAssembly assembly() {
        RelayAssembly a = resolved;
        if (a == null) {
            a = assembly.getObject();
            resolved = a;
        }
        return a;
    }

    /** The default {@link MappingResolver} bean: the assembly's resolver of the configuration in force. */
    static final class Mappings extends CurrentRouting implements MappingResolver {
        Mappings(ObjectProvider<RelayAssembly> assembly) {
            super(assembly);
        }

        @Override
        public Optional<Route> resolve(EmailAddress address) {
            return assembly().mappings().resolve(address);
        }

        @Override
        public String toString() {
            return "the relay's MappingResolver in force";
        }
    }

    /** The default {@link RelayPolicy} bean: the assembly's policy of the configuration in force. */
    static final class Policy extends CurrentRouting implements RelayPolicy {
        Policy(ObjectProvider<RelayAssembly> assembly) {
            super(assembly);
        }

        @Override
        public OutboundDecision checkOutbound(EmailAddress sender, List<EmailAddress> recipients) {
            return assembly().policy().checkOutbound(sender, recipients);
        }

        @Override
        public InboundDecision checkRecipient(EmailAddress recipient, InboundClient client, EmailAddress sender) {
            return assembly().policy().checkRecipient(recipient, client, sender);
        }

        @Override
        public OutboundDecision checkSubmissionSender(EmailAddress user, EmailAddress sender) {
            return assembly().policy().checkSubmissionSender(user, sender);
        }

        @Override
        public SubmissionLogins logins() {
            return assembly().policy().logins();
        }

        @Override
        public String toString() {
            return "the relay's RelayPolicy in force";
        }
    }
}
