package dev.ssmtpmailer.spring.mail;

import dev.ssmtpmailer.message.RawMessage;
import dev.ssmtpmailer.Relay;
import dev.ssmtpmailer.message.RelayException;
import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.Envelope;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMailMessage;
import org.springframework.mail.javamail.MimeMessagePreparator;

/**
 * A {@link JavaMailSender} that sends through a {@link Relay}: code written for Spring's mail API gains the
 * relay's mappings (a message from an alias leaves as its canonical address), policy, rate limits and pooled
 * upstream connections without a change.
 *
 * <p>Each message is written as bytes (without {@code Bcc}, as an SMTP transport does) and sent as a
 * {@link RawMessage} whose envelope is the {@code From} address (else the global {@code default_from}) and
 * every {@code To}, {@code Cc} and {@code Bcc} recipient; a {@code Message-ID} the application set is kept, a
 * message without one gets one. Failures follow Spring's contract: a {@link MailSendException} whose
 * {@code getFailedMessages()} maps each failed message to the relay's exception
 * ({@link dev.ssmtpmailer.policy.PolicyException}, {@link dev.ssmtpmailer.ratelimit.RateLimitException},
 * {@link dev.ssmtpmailer.DeliveryException}, {@link dev.ssmtpmailer.queue.SpoolException}), to a
 * {@link MailParseException} for an address that does not parse, or to an {@link IllegalStateException} when the
 * relay is closed; the other messages of the call are still tried. With the spool, {@code send} returns once the message is stored, and
 * the spool's workers deliver it with retries.
 */
public final class RelayJavaMailSender implements JavaMailSender {
    private final Relay relay;
    private final boolean useSpool;
    private final Session session = Session.getInstance(new Properties());

    /**
     * @param relay the relay to send through, at once
     */
    public RelayJavaMailSender(Relay relay) {
        this(relay, false);
    }

    /**
     * @param relay the relay to send through
     * @param useSpool whether to queue each message in the relay's spool ({@link Relay#submit(RawMessage)}:
     *        durable, retried, returns once the message is on disk) instead of sending it at once
     */
    public RelayJavaMailSender(Relay relay, boolean useSpool) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.useSpool = useSpool;
    }

    @Override
    public MimeMessage createMimeMessage() {
        return new MimeMessage(session);
    }

    @Override
    public MimeMessage createMimeMessage(InputStream contentStream) throws MailException {
        try {
            return new MimeMessage(session, contentStream);
        } catch (MessagingException e) {
            throw new MailParseException("cannot parse MIME content", e);
        }
    }

    @Override
    public void send(MimeMessage mimeMessage) throws MailException {
        send(new MimeMessage[] {mimeMessage});
    }

    @Override
    public void send(MimeMessage... mimeMessages) throws MailException {
        sendEach(mimeMessages, m -> m);
    }

    /**
     * Sends (or, with the spool, queues) one message.
     *
     * @param message the message
     * @throws MessagingException if the message cannot be read or has no sender or recipients
     * @throws IOException if writing it fails
     * @throws RelayException the relay's refusal, delivery or spool failure
     */
    private void sendOne(MimeMessage message) throws MessagingException, IOException {
        // saveChanges() writes a new Message-ID; keep the application's, as Spring's JavaMailSenderImpl does
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        EmailAddress sender = sender(message);
        List<EmailAddress> recipients = new ArrayList<>();
        Address[] all = message.getAllRecipients();
        if (all != null) {
            for (Address a : all) {
                if (a instanceof InternetAddress ia) {
                    recipients.add(EmailAddress.parse(ia.getAddress()));
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new MessagingException("the message has no recipients");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes, new String[] {"Bcc", "Content-Length"});
        RawMessage raw = RawMessage.of(new Envelope(sender, recipients), bytes.toByteArray());
        if (useSpool) {
            relay.submit(raw);
        } else {
            relay.send(raw);
        }
    }

    private EmailAddress sender(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia) {
            return EmailAddress.parse(ia.getAddress());
        }
        EmailAddress fallback = relay.config().global().defaultFrom();
        if (fallback == null) {
            throw new MessagingException("the message has no From address and no default_from is configured");
        }
        return fallback;
    }

    @Override
    public void send(MimeMessagePreparator mimeMessagePreparator) throws MailException {
        send(new MimeMessagePreparator[] {mimeMessagePreparator});
    }

    @Override
    public void send(MimeMessagePreparator... mimeMessagePreparators) throws MailException {
        List<MimeMessage> messages = new ArrayList<>();
        for (MimeMessagePreparator p : mimeMessagePreparators) {
            MimeMessage m = createMimeMessage();
            try {
                p.prepare(m);
            } catch (MailException e) {
                throw e;
            } catch (Exception e) {
                throw new MailPreparationException(e);
            }
            messages.add(m);
        }
        send(messages.toArray(MimeMessage[]::new));
    }

    @Override
    public void send(SimpleMailMessage simpleMessage) throws MailException {
        send(new SimpleMailMessage[] {simpleMessage});
    }

    @Override
    public void send(SimpleMailMessage... simpleMessages) throws MailException {
        sendEach(simpleMessages, simple -> {
            MimeMailMessage mime = new MimeMailMessage(createMimeMessage());
            simple.copyTo(mime);
            return mime.getMimeMessage();
        });
    }

    /**
     * Sends every message, each on its own: one that fails, also one that cannot be converted (a
     * {@link MailParseException} for an address that does not parse) or one given to a closed relay (an
     * {@link IllegalStateException}), does not stop the others.
     *
     * @param messages the messages as the caller gave them
     * @param toMime turns one into the MIME message to send
     * @throws MailSendException with every failure, keyed by the message the caller gave
     */
    private <M> void sendEach(M[] messages, Function<M, MimeMessage> toMime) {
        Map<Object, Exception> failed = new LinkedHashMap<>();
        for (M m : messages) {
            try {
                sendOne(toMime.apply(m));
            } catch (MessagingException | IOException | RelayException | MailException | IllegalArgumentException
                     | IllegalStateException e) {
                failed.put(m, e);
            }
        }
        if (!failed.isEmpty()) {
            throw new MailSendException(failed);
        }
    }
}
