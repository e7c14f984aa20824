package dev.ssmtpmailer.spring;

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
}
