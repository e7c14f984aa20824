/**
 * ssmtp-mailer's core: the relay ({@link dev.ssmtpmailer.Relay}), its composition root
 * ({@link dev.ssmtpmailer.RelayAssembly}) and the steps a message goes through. Every exported package is API;
 * implementations are package-private beside their interfaces. Jakarta Mail (Angus), Caffeine and dnsjava are
 * used inside only: no exported signature names their types, so they are not required transitively. Bouncy
 * Castle is optional ({@code requires static}): only the unexported {@code internal.SelfSignedCertificate} uses it,
 * for the CLI's demo and the tests.
 */
module dev.ssmtpmailer {
    requires com.github.benmanes.caffeine;
    requires jakarta.mail;
    requires transitive java.net.http; // TokenProvider.create takes an HttpClient
    requires org.dnsjava;
    requires org.eclipse.angus.mail;
    requires org.slf4j;
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;

    exports dev.ssmtpmailer;
    exports dev.ssmtpmailer.address;
    exports dev.ssmtpmailer.auth;
    exports dev.ssmtpmailer.config;
    exports dev.ssmtpmailer.delivery;
    exports dev.ssmtpmailer.inbound;
    exports dev.ssmtpmailer.dns;
    exports dev.ssmtpmailer.mapping;
    exports dev.ssmtpmailer.message;
    exports dev.ssmtpmailer.policy;
    exports dev.ssmtpmailer.queue;
    exports dev.ssmtpmailer.ratelimit;
    exports dev.ssmtpmailer.smtp;
}
