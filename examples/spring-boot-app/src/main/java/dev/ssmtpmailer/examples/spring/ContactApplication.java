package dev.ssmtpmailer.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that sends mail as its aliases ({@code contact-sales@mailer.domain1.com}) with
 * Spring's {@code JavaMailSender}; the ssmtp-mailer starter turns that into a relay through the Gmail account
 * configured in {@code application.yml}. At start it sends one message if {@code contact.test-mail-to} is set
 * ({@link StartupMail}), then runs until stopped, its inbound server forwarding mail for the aliases
 * (127.0.0.1:2525) to their canonical addresses.
 */
@SpringBootApplication
public class ContactApplication {

    /**
     * @param args Spring Boot arguments, such as {@code --GMAIL_APP_PASSWORD=...} or {@code --contact.test-mail-to=you@example.com}
     */
    public static void main(String[] args) {
        SpringApplication.run(ContactApplication.class, args);
    }
}
