package dev.ssmtpmailer.spring;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The guide's configuration as {@code ssmtp-mailer.*} properties: one Gmail account, the local domain, one alias. */
public final class TestProperties {
    private TestProperties() {
    }

    /** The account of the upstream domain. */
    public static final String ACCOUNT = "mail-relay@domain1.com";

    /**
     * @param smtpServer the upstream host
     * @param smtpPort the upstream port
     * @return the properties, as {@code key=value}
     */
    public static String[] guide(String smtpServer, int smtpPort) {
        return new String[] {
            "ssmtp-mailer.global.default-hostname=mailer.domain1.com",
            "ssmtp-mailer.domains[0].name=domain1.com",
            "ssmtp-mailer.domains[0].smtp-server=" + smtpServer,
            "ssmtp-mailer.domains[0].smtp-port=" + smtpPort,
            "ssmtp-mailer.domains[0].relay-account=" + ACCOUNT,
            "ssmtp-mailer.domains[0].username=" + ACCOUNT,
            "ssmtp-mailer.domains[0].password=app-password",
            "ssmtp-mailer.domains[1].name=mailer.domain1.com",
            "ssmtp-mailer.domains[1].smtp-server=localhost",
            "ssmtp-mailer.domains[1].smtp-port=25",
            "ssmtp-mailer.domains[1].auth-method=NONE",
            "ssmtp-mailer.domains[1].use-starttls=false",
            "ssmtp-mailer.mappings[0].name=contact-sales",
            "ssmtp-mailer.mappings[0].from-pattern=contact-sales@mailer.domain1.com",
            "ssmtp-mailer.mappings[0].to-pattern=contact-sales@domain1.com",
            "ssmtp-mailer.mappings[0].smtp-account=" + ACCOUNT,
        };
    }

    /** @return {@link #guide(String, int)} for {@code smtp.gmail.com:587} */
    public static String[] guide() {
        return guide("smtp.gmail.com", 587);
    }

    /**
     * @return GreenMail standing in for Gmail: plain SMTP on a free loopback port, the account {@link #ACCOUNT}
     *         with password {@code app-password}, started (stop it after the test)
     */
    public static GreenMail startGmail() {
        GreenMail gmail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        gmail.start();
        gmail.setUser(ACCOUNT, ACCOUNT, "app-password");
        return gmail;
    }

    /**
     * @param gmail a server from {@link #startGmail()}
     * @param autoConfigurations what to run besides {@link SsmtpMailerAutoConfiguration}
     * @return a runner with the guide's configuration pointed at that server (no STARTTLS: GreenMail's SMTP is plain)
     */
    public static ApplicationContextRunner runnerOn(GreenMail gmail, Class<?>... autoConfigurations) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SsmtpMailerAutoConfiguration.class))
                .withConfiguration(AutoConfigurations.of(autoConfigurations))
                .withPropertyValues(guide("127.0.0.1", gmail.getSmtp().getPort()))
                .withPropertyValues("ssmtp-mailer.domains[0].use-starttls=false");
    }

    /**
     * @param startupFailure a context's startup failure
     * @return the configuration failure somewhere in its causes
     * @throws AssertionError if there is none
     */
    public static SsmtpMailerConfigException configFailure(Throwable startupFailure) {
        for (Throwable t = startupFailure; t != null; t = t.getCause()) {
            if (t instanceof SsmtpMailerConfigException e) {
                return e;
            }
        }
        throw new AssertionError("no SsmtpMailerConfigException in " + startupFailure, startupFailure);
    }
}
