package dev.ssmtpmailer.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that sends mail as its aliases ({@code contact-sales@mailer.domain1.com}) with
 * Spring's {@code JavaMailSender}; the ssmtp-mailer starter turns that into a relay through the Gmail account
 * configured in {@code application.yml}.
 */
@SpringBootApplication
public class ContactApplication {

    /**
     * @param args Spring Boot arguments, such as {@code --GMAIL_APP_PASSWORD=...}
     */
    public static void main(String[] args) {
        SpringApplication.run(ContactApplication.class, args);
    }
}
