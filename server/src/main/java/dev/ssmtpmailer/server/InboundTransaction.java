package dev.ssmtpmailer.server;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.inbound.InboundRefusal;
import dev.ssmtpmailer.policy.InboundClient;
import dev.ssmtpmailer.policy.InboundDecision;
import dev.ssmtpmailer.policy.OutboundDecision;
import dev.ssmtpmailer.policy.PolicyRule;
import dev.ssmtpmailer.queue.QueueId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One mail transaction ({@code MAIL FROM} to the end of {@code DATA}): the sender is parsed, each recipient is
 * decided by the policy at {@code RCPT} time, and the data is streamed, behind one {@code Received:} header,
 * into the queue. The client hears {@code 250} only after the queue returned. Each refusal is reported once,
 * with its {@link InboundRefusal}, through the session's {@link ClientConnection}.
 */
final class InboundTransaction implements MessageHandler {
    private static final Logger LOG = RelayServer.LOG;

    private final RelayServer server;
    private final MessageContext context;
    private final InetAddress client;
    private InboundClient submitter;
    private final List<InboundDecision> accepted = new ArrayList<>();
    private final Set<EmailAddress> destinations = new HashSet<>();
    private EmailAddress sender;
    private String id;

    InboundTransaction(RelayServer server, MessageContext context) {
        this.server = server;
        this.context = context;
        this.client = ((InetSocketAddress) context.getRemoteAddress()).getAddress();
    }

    @Override
    public void from(String from) throws RejectException {
        if (server.isClosing()) {
            refused(InboundRefusal.SHUTTING_DOWN);
            throw new DropConnectionException(421, "4.3.2 " + server.settings().hostName()
                    + " Service shutting down, closing transmission channel");
        }
        if (!server.settings().freeSpace().enough()) {
            refused(InboundRefusal.FREE_SPACE_LOW);
            throw new RejectException(452, "4.3.1 Insufficient system storage");
        }
        ClientConnection connection = SessionLimits.connection(context);
        int n = connection == null ? 1 : connection.startMessage();
        int cap = server.settings().limits().maxMessagesPerConnection();
        if (cap > 0 && n > cap) {
            refused(InboundRefusal.MESSAGES_PER_CONNECTION);
            throw new DropConnectionException(421, "4.7.0 Too many messages in this connection, reconnect");
        }
        try {
            sender = SmtpAddresses.sender(from);
        } catch (RejectException e) {
            refused(InboundRefusal.INVALID_ADDRESS);
            throw e;
        }
        id = Received.id(context.getSessionId(), n);
        EmailAddress user = AuthCommand.user(context); // null if not logged in
        submitter = user != null ? InboundClient.authenticated(client, user) : InboundClient.anonymous(client);
        if (submitter.user().isPresent()) {
            checkSubmissionSender(submitter.user().get());
        }
    }

    /** A logged-in client sends as its own address only, which is said at MAIL FROM rather than at every RCPT. */
    private void checkSubmissionSender(EmailAddress user) throws RejectException {
        OutboundDecision d = server.policy().checkSubmissionSender(user, sender);
        if (d.allowed()) {
            return;
        }
        LOG.debug("{} MAIL FROM <{}> of {}: refused, {}", id, sender == null ? "" : sender, submitter, d.reason());
        refused(InboundRefusal.of(d.rule()));
        String who = "<" + (sender == null ? "" : sender) + ">: ";
        throw switch (d.rule()) {
            case SENDER_LOGIN_MISMATCH -> new RejectException(550, "5.7.1 " + who
                    + "Sender address rejected: not owned by the logged-in user");
            case NO_ACCOUNT -> new RejectException(451, "4.3.5 " + who + "Server configuration problem");
            default -> new RejectException(550, "5.7.1 " + who + "Sender address rejected: not allowed to send");
        };
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        EmailAddress rcpt;
        try {
            rcpt = SmtpAddresses.recipient(recipient);
        } catch (RejectException e) {
            refused(InboundRefusal.INVALID_ADDRESS);
            throw e;
        }
        InboundDecision d = server.policy().checkRecipient(rcpt, submitter, sender);
        if (!d.accepted()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} RCPT <{}> from {}: {}", id, rcpt, submitter, d.reply());
            }
            refused(InboundRefusal.of(d.rule()));
            throw new RejectException(d.replyCode(), d.enhancedCode() + " " + d.replyText());
        }
        // The same recipient twice (or two aliases of one canonical address) is delivered once.
        if (destinations.add(d.deliverTo().orElseThrow())) {
            accepted.add(d);
        }
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        SessionSettings settings = server.settings();
        boolean tls = context instanceof Session s && s.isTLSStarted();
        String protocol = !tls ? "ESMTP" : submitter.user().isPresent() ? "ESMTPSA" : "ESMTPS"; // RFC 3848
        String single = accepted.size() == 1 ? accepted.get(0).recipient().address() : null;
        byte[] header = ReceivedHeader.of(context.getHelo().orElse(null), client, settings.hostName(), protocol, id, single,
                settings.clock().instant());
        ClientData body = new ClientData(data, settings.maxMessageSize());
        SubmittedFrom from = sentAsUser() ? new SubmittedFrom(body, sender, server.userFromPolicy()) : null;
        try {
            QueueId queued = settings.queue().accept(sender, List.copyOf(accepted),
                    new SequenceInputStream(new ByteArrayInputStream(header), from != null ? from : body));
            if (LOG.isDebugEnabled()) { // per message: no address text, argument array or boxing unless it is logged
                LOG.debug("{} from {} <{}> to {}: {} bytes queued as {}", id, client.getHostAddress(),
                        sender == null ? "" : sender, accepted.size(), body.count(), queued);
            }
            ClientConnection connection = SessionLimits.connection(context);
            if (connection != null) {
                connection.messageAccepted();
            }
            return "2.0.0 Ok: queued as " + queued;
        } catch (IOException | RuntimeException e) {
            if (body.clientFailure() != null) {
                throw body.clientFailure(); // the connection is gone or timed out: nobody to answer
            }
            body.drain();
            endTransaction();
            if (body.tooLarge()) {
                LOG.debug("{} from {}: refused, larger than max_message_size {}", id, client.getHostAddress(),
                        settings.maxMessageSize());
                refused(InboundRefusal.MESSAGE_TOO_BIG);
                throw new RejectException(552, "5.3.4 Message size exceeds fixed maximum message size");
            }
            if (from != null && from.refusal() != null) {
                LOG.debug("{} from {} <{}>: refused, {}", id, client.getHostAddress(), sender, from.refusal());
                refused(InboundRefusal.SENDER_NOT_ALLOWED);
                throw new RejectException(550, "5.7.1 Sender address rejected: " + from.refusal());
            }
            LOG.warn("{} from {}: the queue could not store the message, answered 451: {}", id,
                    client.getHostAddress(), e.toString());
            refused(InboundRefusal.QUEUE_ERROR);
            throw new RejectException(451, "4.3.0 Error: queue file write error");
        }
    }

    /**
     * @return whether a recipient is outbound mail that a trusted or logged-in client submits as a
     *         {@code [user:...]}: its From: must be that sender ({@link SubmittedFrom}); an alias's is rewritten on
     *         delivery anyway
     */
    private boolean sentAsUser() {
        if (sender == null) {
            return false;
        }
        for (InboundDecision d : accepted) { // a loop, not a stream: this runs for every message
            if (d.submission().filter(r -> r.matchedRule() == PolicyRule.SENDER_USER).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void refused(InboundRefusal reason) {
        SessionLimits.refused(context, reason);
    }

    /**
     * A refused DATA ends the transaction (RFC 5321 section 4.1.1.4): SubEthaSMTP resets it only after a 250,
     * so without this the client's next MAIL FROM would get 503.
     */
    private void endTransaction() {
        if (context instanceof Session s) {
            s.resetMailTransaction();
        }
    }

    @Override
    public void done() {
        // nothing held between transactions
    }

    /** Ids for the {@code Received:} header: the SubEthaSMTP session id and the message's number in it. */
    static final class Received {
        private Received() {
        }

        static String id(String session, int n) {
            StringBuilder b = new StringBuilder(session.length() + 8);
            for (int i = 0; i < session.length(); i++) {
                char c = session.charAt(i);
                if (c < 0x80 && Character.isLetterOrDigit(c)) {
                    b.append(c);
                }
            }
            return b.append('.').append(n).toString(); // one builder, not a second for the concatenation
        }
    }
}
