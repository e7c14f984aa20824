package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.MessageBody;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Turns a {@link RelayMessage} into MIME with Jakarta Mail. The only class that knows Jakarta's message API;
 * the SMTP client sees a {@link MessageBody}.
 */
final class MimeRenderer {
    /** No transport is ever used from this session: it only carries MIME defaults. */
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UTF8 = "UTF-8";

    private MimeRenderer() {
    }

    static MessageBody render(RelayMessage m, String messageIdDomain, InstantSource clock) {
        String messageId = m.messageId().orElseGet(() -> newMessageId(messageIdDomain));
        try {
            MimeMessage mime = new FixedIdMimeMessage(SESSION, messageId);
            mime.setFrom(internet(m.from(), m.fromName().orElse(null)));
            mime.setRecipients(Message.RecipientType.TO, internet(m.to()));
            if (!m.cc().isEmpty()) {
                mime.setRecipients(Message.RecipientType.CC, internet(m.cc()));
            }
            // Bcc recipients are envelope recipients only: no Bcc header is ever written.
            if (!m.replyTo().isEmpty()) {
                mime.setReplyTo(internet(m.replyTo()));
            }
            mime.setSubject(m.subject(), UTF8);
            mime.setSentDate(Date.from(clock.instant()));
            for (RelayMessage.Header h : m.headers()) {
                mime.addHeader(h.name(), MimeUtility.fold(h.name().length() + 2, encode(h.value())));
            }
            setContent(mime, m);
            mime.saveChanges();
            return out -> {
                try {
                    mime.writeTo(out);
                } catch (MessagingException e) {
                    throw new IOException("cannot write message " + messageId + ": " + e.getMessage(), e);
                }
            };
        } catch (MessagingException | UnsupportedEncodingException e) {
            // Every value was checked when the message was built, so this is a bug, not bad input.
            throw new IllegalStateException("cannot render message " + messageId + ": " + e.getMessage(), e);
        }
    }

    /** Adds angle brackets when missing and refuses anything that is not {@code id@domain}. */
    static String checkMessageId(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidMessageException("messageId", "must not be blank");
        }
        MessageText.checkNoControls("messageId", id);
        String bare = id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
        int at = bare.indexOf('@');
        if (at <= 0 || at == bare.length() - 1 || bare.indexOf('@', at + 1) >= 0) {
            throw new InvalidMessageException("messageId", "'" + id + "' is not of the form <id@domain>");
        }
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (c <= ' ' || c > '~' || c == '<' || c == '>' || c == '"' || c == '\\') {
                throw new InvalidMessageException("messageId", "'" + id + "' holds a character not allowed in a Message-ID");
            }
        }
        return "<" + bare + ">";
    }

    private static String newMessageId(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new InvalidMessageException("messageIdDomain", "must not be blank");
        }
        MessageText.checkNoControls("messageIdDomain", domain);
        try {
            // Reuse the address rules for a host name: letters, digits, hyphens, dots.
            new EmailAddress("x", domain);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("messageIdDomain", "'" + domain + "' is not a domain name");
        }
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        // URL-safe base64 holds only letters, digits, '-' and '_': all allowed in a Message-ID's left part.
        return "<" + Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "@" + domain + ">";
    }

    private static void setContent(MimeMessage mime, RelayMessage m) throws MessagingException {
        List<Attachment> attachments = m.attachments();
        if (attachments.isEmpty()) {
            fillBody(mime, m);
            return;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart bodyPart = new MimeBodyPart();
        fillBody(bodyPart, m);
        mixed.addBodyPart(bodyPart);
        for (Attachment a : attachments) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.dataUnsafe(), a.contentType())));
            part.setFileName(a.fileName());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        mime.setContent(mixed);
    }

    /** Text alone, HTML alone, both as alternatives, or an empty text when the message has neither. */
    private static void fillBody(jakarta.mail.internet.MimePart part, RelayMessage m) throws MessagingException {
        String text = m.text().orElse(null);
        String html = m.html().orElse(null);
        if (text != null && html != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, UTF8, "plain");
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(html, UTF8, "html");
            alternative.addBodyPart(textPart);
            alternative.addBodyPart(htmlPart);
            part.setContent(alternative);
        } else if (html != null) {
            part.setText(html, UTF8, "html");
        } else {
            part.setText(text == null ? "" : text, UTF8, "plain");
        }
    }

    private static InternetAddress internet(EmailAddress address, String name) throws UnsupportedEncodingException {
        return new InternetAddress(address.address(), name, UTF8);
    }

    private static InternetAddress[] internet(List<EmailAddress> addresses) throws UnsupportedEncodingException {
        InternetAddress[] result = new InternetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = internet(addresses.get(i), null);
        }
        return result;
    }

    private static String encode(String value) throws UnsupportedEncodingException {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7e) {
                return MimeUtility.encodeText(value, UTF8, null);
            }
        }
        return value;
    }

    /** Keeps the Message-ID chosen at render time instead of Jakarta's own. */
    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
