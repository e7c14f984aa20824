package dev.ssmtpmailer.smtp;

import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one place that turns an account and the global settings into Angus {@code mail.smtp.*} (or, for
 * implicit TLS, {@code mail.smtps.*}) properties. The table in {@code package-info.java} lists every key set
 * here and why.
 */
final class MailProperties {

    private MailProperties() {
    }

    /** @return {@code smtps} for implicit TLS, else {@code smtp} */
    static String protocol(DomainConfig account) {
        return account.tls() == TlsMode.IMPLICIT ? "smtps" : "smtp";
    }

    /**
     * @param account the upstream account
     * @param global the global settings (EHLO name, timeouts)
     * @param tls the socket factory that layers TLS with the account's trust settings; {@code null} for an
     *        account with {@code tls = none}, which never uses it
     * @param writeTimeouts the scheduler Angus arms a write timeout on, shared by all connections
     * @return the session properties; socket factories and the scheduler are stored as objects, the rest as strings
     */
    static Properties build(DomainConfig account, GlobalSettings global, SSLSocketFactory tls,
                            ScheduledExecutorService writeTimeouts) {
        String p = "mail." + protocol(account) + ".";
        Properties props = new Properties();
        props.setProperty(p + "host", account.smtpServer());
        props.setProperty(p + "port", Integer.toString(account.smtpPort()));
        props.setProperty(p + "localhost", global.defaultHostname());

        props.setProperty(p + "connectiontimeout", millis(global.connectionTimeout()));
        props.setProperty(p + "timeout", millis(global.readTimeout()));
        props.setProperty(p + "writetimeout", millis(global.writeTimeout()));
        props.put(p + "executor.writetimeout", writeTimeouts);

        props.put(p + "socketFactory", NoDelaySocketFactory.INSTANCE);
        props.setProperty(p + "socketFactory.fallback", "false");
        if (tls != null) {
            props.put(p + "ssl.socketFactory", tls);
        }
        props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(account.verifyCertificates()));

        switch (account.tls()) {
            case NONE -> props.setProperty(p + "starttls.enable", "false");
            case STARTTLS -> {
                props.setProperty(p + "starttls.enable", "true");
                props.setProperty(p + "starttls.required", "true");
            }
            case IMPLICIT -> props.setProperty(p + "ssl.enable", "true");
        }

        AuthMethod auth = account.authMethod();
        props.setProperty(p + "auth", Boolean.toString(auth != AuthMethod.NONE));
        if (auth != AuthMethod.NONE) {
            props.setProperty(p + "auth.mechanisms", auth.name());
            if (auth == AuthMethod.XOAUTH2) {
                props.setProperty(p + "auth.xoauth2.disable", "false");
            }
        }
        props.setProperty(p + "sendpartial", "true");
        props.setProperty(p + "quitwait", "true");
        // mail.debug.auth stays false: Angus then suppresses the AUTH exchange in the protocol trace.
        props.setProperty("mail.debug.auth", "false");
        return props;
    }

    /** Angus reads int milliseconds; a zero or negative timeout would mean "wait forever". */
    static String millis(Duration d) {
        long ms = d == null ? 0 : d.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("timeouts must be positive, was " + d);
        }
        return Long.toString(Math.min(ms, Integer.MAX_VALUE));
    }
}
