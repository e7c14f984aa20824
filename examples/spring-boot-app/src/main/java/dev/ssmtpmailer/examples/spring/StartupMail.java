package dev.ssmtpmailer.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Sends one message from the sales alias when {@code contact.test-mail-to} names a recipient, so that
 * {@code spring-boot:run} proves the whole way out (alias, mapping, Gmail account); without it, nothing is sent
 * at start and the application only waits for mail on its inbound server.
 */
@Component
public class StartupMail implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StartupMail.class);

    private final ContactMailer mailer;
    private final String to;

    /**
     * @param mailer the application's mail code
     * @param to the recipient of the one test message, or empty for none
     */
    public StartupMail(ContactMailer mailer, @Value("${contact.test-mail-to:}") String to) {
        this.mailer = mailer;
        this.to = to.strip();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (to.isEmpty()) {
            LOG.info("contact.test-mail-to is not set: nothing sent at start");
            return;
        }
        // A failure (a wrong app password, a refused recipient) propagates: startup fails and names it.
        mailer.reply("sales", to, "ssmtp-mailer example", "Sent at start by the example application, through the relay.");
        LOG.info("sent one message from contact-sales@mailer.domain1.com to {}", to);
    }
}
