package dev.ssmtpmailer.testing;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;

/** Building blocks for configurations in unit tests: the guide's Gmail account and local domain. */
public final class TestConfigs {
    /** The guide's Gmail account: the {@code relay_account} of {@code domain1.com}. */
    public static final String ACCOUNT = "mail-relay@domain1.com";

    private TestConfigs() {
    }

    /**
     * The guide's layout: the Gmail account {@link #ACCOUNT} of {@code domain1.com}, the local domain
     * {@code mailer.domain1.com}, and for each contact {@code contact-X@mailer.domain1.com ->
     * contact-X@domain1.com} through that account, in a mapping named {@code X}.
     *
     * @param contacts the contacts to map, e.g. {@code sales}
     * @return a builder holding them, for the test to add to
     */
    public static RelayConfig.Builder guide(String... contacts) {
        RelayConfig.Builder b = RelayConfig.builder().domain(upstream("domain1.com", ACCOUNT)).domain(local("mailer.domain1.com"));
        for (String contact : contacts) {
            b.mapping(mapping(contact, "contact-" + contact + "@mailer.domain1.com", "contact-" + contact + "@domain1.com", ACCOUNT));
        }
        return b;
    }

    /**
     * @param name the section name, e.g. {@code domain1.com}
     * @param account its {@code relay_account} and {@code username}
     * @return an enabled Gmail-like upstream (STARTTLS, AUTH LOGIN, inline password)
     */
    public static DomainConfig upstream(String name, String account) {
        return DomainConfig.builder(name).smtpServer("smtp.gmail.com").smtpPort(587).tls(TlsMode.STARTTLS)
                .authMethod(AuthMethod.LOGIN).relayAccount(account).username(account).password("app-password")
                .build();
    }

    /**
     * @param name the local domain, e.g. {@code mailer.domain1.com}
     * @return an enabled local domain ({@code smtp_server = localhost}, {@code auth_method = NONE})
     */
    public static DomainConfig local(String name) {
        return DomainConfig.builder(name).smtpServer("localhost").smtpPort(25).tls(TlsMode.NONE)
                .authMethod(AuthMethod.NONE).relayAccount("mail-relay@" + name).build();
    }

    /**
     * @param name the mapping's name
     * @param from {@code from_pattern}
     * @param to {@code to_pattern}
     * @param account {@code smtp_account}
     * @return the mapping
     */
    public static MappingConfig mapping(String name, String from, String to, String account) {
        return MappingConfig.of(name, from, to, account);
    }
}
