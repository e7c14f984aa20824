package dev.ssmtpmailer;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.message.MessageBody;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;

/**
 * A message an application sends through the relay: sender, recipients, subject, a text and/or HTML body,
 * attachments and extra headers. Immutable; build one with {@link #builder()}:
 *
 * <pre>{@code
 * RelayMessage message = RelayMessage.builder()
 *         .from("contact-general@mailer.domain1.com").to("test@example.com")
 *         .subject("Test Email").text("This is a test email from the relay system")
 *         .build();
 * }</pre>
 *
 * <p>Everything that ends up in a header line is checked when it is given: a CR or LF in an address is
 * refused with {@link dev.ssmtpmailer.address.InvalidAddressException}, in the subject, a display name, an
 * extra header or an attachment name with {@link InvalidMessageException}, both naming the field. Non-ASCII
 * subjects and names are encoded (RFC 2047) when the message is rendered. Extra headers that claim an
 * identity or a trace ({@code Sender}, {@code Return-Path}, {@code Received}, {@code Resent-*},
 * {@code DKIM-Signature}, {@code Authentication-Results}, {@code ARC-*}, ...) are refused unless the caller
 * names them in {@link Builder#allowHeaders(String...)}.
 *
 * <p>The body structure follows the content: text or HTML alone is a single part, both together are
 * {@code multipart/alternative}, and attachments wrap that in {@code multipart/mixed}.
 */
public final class RelayMessage {
    private final EmailAddress from;
    private final String fromName;
    private final List<EmailAddress> to;
    private final List<EmailAddress> cc;
    private final List<EmailAddress> bcc;
    private final List<EmailAddress> replyTo;
    private final String subject;
    private final String text;
    private final String html;
    private final List<Attachment> attachments;
    private final List<Header> headers;
    private final String messageId;

    private RelayMessage(Builder b) {
        this(b.from, b.fromName, b.to, b.cc, b.bcc, b.replyTo, b.subject, b.text, b.html, b.attachments, b.headers,
                b.messageId);
    }

    private RelayMessage(EmailAddress from, String fromName, Collection<EmailAddress> to, Collection<EmailAddress> cc,
                         Collection<EmailAddress> bcc, Collection<EmailAddress> replyTo, String subject, String text,
                         String html, List<Attachment> attachments, List<Header> headers, String messageId) {
        this.from = from;
        this.fromName = fromName;
        this.to = List.copyOf(new LinkedHashSet<>(to));
        this.cc = List.copyOf(new LinkedHashSet<>(cc));
        this.bcc = List.copyOf(new LinkedHashSet<>(bcc));
        this.replyTo = List.copyOf(new LinkedHashSet<>(replyTo));
        this.subject = subject;
        this.text = text;
        this.html = html;
        this.attachments = List.copyOf(attachments);
        this.headers = List.copyOf(headers);
        this.messageId = messageId;
    }

    /** @return a builder for a new message */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the sender ({@code From:} header and, unless rewritten, the envelope sender) */
    public EmailAddress from() {
        return from;
    }

    /** @return the sender's display name, if one was given */
    public Optional<String> fromName() {
        return Optional.ofNullable(fromName);
    }

    /** @return the {@code To:} recipients, duplicates removed, order kept */
    public List<EmailAddress> to() {
        return to;
    }

    /** @return the {@code Cc:} recipients */
    public List<EmailAddress> cc() {
        return cc;
    }

    /** @return the blind copies: envelope recipients that never appear in a header */
    public List<EmailAddress> bcc() {
        return bcc;
    }

    /** @return the {@code Reply-To:} addresses, empty when none */
    public List<EmailAddress> replyTo() {
        return replyTo;
    }

    /** @return every envelope recipient: to, cc and bcc, each address once (compared case-insensitively) */
    public List<EmailAddress> recipients() {
        LinkedHashSet<EmailAddress> all = new LinkedHashSet<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        return List.copyOf(all);
    }

    /** @return the subject, empty when none was given */
    public String subject() {
        return subject;
    }

    /** @return the plain-text body, if any */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** @return the HTML body, if any */
    public Optional<String> html() {
        return Optional.ofNullable(html);
    }

    /** @return the attachments, in order */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** @return the extra headers, in order */
    public List<Header> headers() {
        return headers;
    }

    /** @return the Message-ID given to the builder ({@code <id@domain>}), else empty: one is made when rendering */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /**
     * Returns this message with another sender, keeping the display name: the relay uses it to replace a
     * local alias with its canonical address.
     *
     * @param newFrom the new sender
     * @return a copy with {@code newFrom} as sender
     */
    public RelayMessage withFrom(EmailAddress newFrom) {
        Objects.requireNonNull(newFrom, "newFrom");
        return new RelayMessage(newFrom, fromName, to, cc, bcc, replyTo, subject, text, html, attachments, headers,
                messageId);
    }

    /**
     * Renders the message as MIME (through Jakarta Mail) with {@code Date}, {@code Message-ID} (the one given
     * to the builder, else {@code <random@messageIdDomain>}) and {@code MIME-Version}; Bcc recipients never
     * appear in the output.
     *
     * <p>The MIME structure is built once, here; the returned body streams it into the output on each
     * {@link MessageBody#writeTo} call (nothing is buffered as one byte array), and every call writes the
     * same bytes (same Message-ID, Date and boundaries), so a retry sends the identical message.
     *
     * @param messageIdDomain the domain of generated Message-IDs, normally the sender's canonical domain
     * @return the rendered message
     * @throws InvalidMessageException if {@code messageIdDomain} is not a plain domain name
     */
    public MessageBody toMessageBody(String messageIdDomain) {
        return MimeRenderer.render(this, messageIdDomain, InstantSource.system());
    }

    /** For tests: renders with a fixed clock. */
    MessageBody toMessageBody(String messageIdDomain, InstantSource clock) {
        return MimeRenderer.render(this, messageIdDomain, clock);
    }

    /** @return the addresses and subject, never the content */
    @Override
    public String toString() {
        return "RelayMessage[from=" + from + ", to=" + to + ", cc=" + cc + ", bcc=" + bcc.size() + " address(es)"
                + ", subject=" + subject + ", attachments=" + attachments.size() + "]";
    }

    /**
     * An extra header field, such as {@code X-Campaign: spring}. The name must be an RFC 5322 field name and
     * must not be one the renderer writes itself (From, To, Cc, Bcc, Reply-To, Subject, Date, Message-ID,
     * MIME-Version, Content-*); the value must not hold CR, LF or other control characters (long and non-ASCII
     * values are folded and encoded when rendered).
     *
     * @param name the field name
     * @param value the field value
     */
    public record Header(String name, String value) {
        /**
         * Validates name and value.
         *
         * @throws InvalidMessageException if the name is not a field name or is reserved, or the value holds CR/LF
         */
        public Header {
            MessageText.checkFieldName(name);
            Objects.requireNonNull(value, "value of header " + name);
            MessageText.checkNoControls(name, value);
        }
    }

    /** Builds a {@link RelayMessage}; every value is checked as it is set, the whole message in {@link #build()}. */
    public static final class Builder {
        private EmailAddress from;
        private String fromName;
        private final List<EmailAddress> to = new ArrayList<>();
        private final List<EmailAddress> cc = new ArrayList<>();
        private final List<EmailAddress> bcc = new ArrayList<>();
        private final List<EmailAddress> replyTo = new ArrayList<>();
        private String subject = "";
        private String text;
        private String html;
        private final List<Attachment> attachments = new ArrayList<>();
        private final List<Header> headers = new ArrayList<>();
        private final Set<String> allowedHeaders = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        private String messageId;

        private Builder() {
        }

        /**
         * @param address the sender, {@code local@domain}
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if the address is malformed or holds CR/LF
         */
        public Builder from(String address) {
            this.from = MessageText.address("from", address);
            return this;
        }

        /**
         * @param address the sender
         * @return this builder
         */
        public Builder from(EmailAddress address) {
            this.from = Objects.requireNonNull(address, "from");
            return this;
        }

        /**
         * @param address the sender, {@code local@domain}
         * @param displayName the name shown with it ({@code "Sales Team"}), or {@code null}
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if the address is malformed or holds CR/LF
         * @throws InvalidMessageException if the name holds CR, LF or another control character
         */
        public Builder from(String address, String displayName) {
            from(address);
            if (displayName != null) {
                MessageText.checkNoControls("from display name", displayName);
            }
            this.fromName = displayName == null || displayName.isBlank() ? null : displayName;
            return this;
        }

        /**
         * @param addresses {@code To:} recipients, added to those already given
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder to(String... addresses) {
            return add("to", to, Arrays.asList(addresses));
        }

        /**
         * @param addresses {@code To:} recipients, added to those already given
         * @return this builder
         */
        public Builder to(EmailAddress... addresses) {
            return to(Arrays.asList(addresses));
        }

        /**
         * @param addresses {@code To:} recipients ({@link String} or {@link EmailAddress}), added to those already given
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder to(Collection<?> addresses) {
            return add("to", to, addresses);
        }

        /**
         * @param addresses {@code Cc:} recipients
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder cc(String... addresses) {
            return add("cc", cc, Arrays.asList(addresses));
        }

        /**
         * @param addresses {@code Cc:} recipients
         * @return this builder
         */
        public Builder cc(EmailAddress... addresses) {
            return cc(Arrays.asList(addresses));
        }

        /**
         * @param addresses {@code Cc:} recipients ({@link String} or {@link EmailAddress})
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder cc(Collection<?> addresses) {
            return add("cc", cc, addresses);
        }

        /**
         * @param addresses blind copies: envelope recipients only
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder bcc(String... addresses) {
            return add("bcc", bcc, Arrays.asList(addresses));
        }

        /**
         * @param addresses blind copies
         * @return this builder
         */
        public Builder bcc(EmailAddress... addresses) {
            return bcc(Arrays.asList(addresses));
        }

        /**
         * @param addresses blind copies ({@link String} or {@link EmailAddress})
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder bcc(Collection<?> addresses) {
            return add("bcc", bcc, addresses);
        }

        /**
         * @param addresses {@code Reply-To:} addresses
         * @return this builder
         * @throws dev.ssmtpmailer.address.InvalidAddressException if an address is malformed or holds CR/LF
         */
        public Builder replyTo(String... addresses) {
            return add("replyTo", replyTo, Arrays.asList(addresses));
        }

        /**
         * @param addresses {@code Reply-To:} addresses
         * @return this builder
         */
        public Builder replyTo(EmailAddress... addresses) {
            return add("replyTo", replyTo, Arrays.asList(addresses));
        }

        /**
         * @param subject the subject; any characters except controls (non-ASCII is encoded)
         * @return this builder
         * @throws InvalidMessageException if it holds CR, LF or another control character
         */
        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject");
            MessageText.checkNoControls("subject", subject);
            this.subject = subject;
            return this;
        }

        /**
         * @param text the plain-text body (UTF-8)
         * @return this builder
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param html the HTML body (UTF-8); with {@link #text} too, the message is {@code multipart/alternative}
         * @return this builder
         */
        public Builder html(String html) {
            this.html = Objects.requireNonNull(html, "html");
            return this;
        }

        /**
         * @param attachments files to attach, added to those already given
         * @return this builder
         */
        public Builder attach(Attachment... attachments) {
            return attach(Arrays.asList(attachments));
        }

        /**
         * @param attachments files to attach, added to those already given
         * @return this builder
         */
        public Builder attach(Collection<Attachment> attachments) {
            for (Attachment a : attachments) {
                this.attachments.add(Objects.requireNonNull(a, "attachment"));
            }
            return this;
        }

        /**
         * @param name the field name, such as {@code X-Campaign}
         * @param value the value
         * @return this builder
         * @throws InvalidMessageException if the name is not a field name or is one the renderer writes, or the
         *         value holds CR, LF or another control character
         */
        public Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        /**
         * Lets {@link #header} set fields that claim an identity or a trace: {@code Sender}, {@code Return-Path},
         * {@code Received}, {@code Received-SPF}, {@code Authentication-Results}, {@code DKIM-Signature},
         * {@code DomainKey-Signature}, {@code ARC-Seal}, {@code ARC-Message-Signature},
         * {@code ARC-Authentication-Results}, {@code Delivered-To} and any {@code Resent-*}. Without this,
         * {@link #build()} refuses them: an application that relays through a shared account should not be
         * able to pose as another sender or forge where a message has been.
         *
         * @param names field names, any case, such as {@code "Sender"} or {@code "Resent-From"}
         * @return this builder
         */
        public Builder allowHeaders(String... names) {
            for (String n : names) {
                allowedHeaders.add(Objects.requireNonNull(n, "header name"));
            }
            return this;
        }

        /**
         * @param messageId a Message-ID such as {@code <abc.123@domain1.com>} (angle brackets added when missing);
         *        by default one is generated when the message is rendered
         * @return this builder
         * @throws InvalidMessageException if it is not of the form {@code id@domain} or holds white space or controls
         */
        public Builder messageId(String messageId) {
            this.messageId = MimeRenderer.checkMessageId(messageId);
            return this;
        }

        /**
         * @return the message
         * @throws InvalidMessageException if the sender or every recipient is missing, or an extra header claims
         *         an identity or a trace without {@link #allowHeaders(String...)}
         */
        public RelayMessage build() {
            for (Header h : headers) {
                if (MessageText.isIdentity(h.name()) && !allowedHeaders.contains(h.name())) {
                    throw new InvalidMessageException(h.name(), "is an identity or trace header; set it only with "
                            + "allowHeaders(\"" + h.name() + "\") if this sender may claim it");
                }
            }
            if (from == null) {
                throw new InvalidMessageException("from", "a message needs a sender");
            }
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new InvalidMessageException("to", "a message needs at least one recipient (to, cc or bcc)");
            }
            return new RelayMessage(this);
        }

        private Builder add(String field, List<EmailAddress> target, Collection<?> addresses) {
            Objects.requireNonNull(addresses, field);
            for (Object a : addresses) {
                if (a instanceof EmailAddress e) {
                    target.add(e);
                } else if (a instanceof String s) {
                    target.add(MessageText.address(field, s));
                } else {
                    throw new InvalidMessageException(field, "expected an address (String or EmailAddress), got "
                            + (a == null ? "null" : a.getClass().getSimpleName()));
                }
            }
            return this;
        }
    }
}
