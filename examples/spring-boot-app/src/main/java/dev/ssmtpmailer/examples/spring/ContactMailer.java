package dev.ssmtpmailer.examples.spring;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Ordinary Spring mail code: nothing here knows about the relay. The aliases and the account they map to are
 * configuration.
 */
@Service
public class ContactMailer {
    private final JavaMailSender mailSender;

    /**
     * @param mailSender the starter's bridge ({@code ssmtp-mailer.mail-sender.enabled=true})
     */
    public ContactMailer(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    /**
     * Answers a customer from a department's alias, with the department as display name: the customer sees
     * {@code ACME Sales <contact-sales@domain1.com>}.
     *
     * @param department {@code sales}, {@code support}, ...
     * @param customer the customer's address
     * @param subject the subject
     * @param text the text
     */
    public void reply(String department, String customer, String subject, String text) {
        SimpleMailMessage m = new SimpleMailMessage();
        String name = Character.toUpperCase(department.charAt(0)) + department.substring(1);
        m.setFrom("ACME " + name + " <contact-" + department + "@mailer.domain1.com>");
        m.setTo(customer);
        m.setSubject(subject);
        m.setText(text);
        mailSender.send(m);
    }
}
