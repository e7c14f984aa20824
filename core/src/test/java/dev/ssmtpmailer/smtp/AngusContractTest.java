package dev.ssmtpmailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssmtpmailer.testing.FakeSmtpServer;
import dev.ssmtpmailer.testing.Libraries;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract {@link TrackingTransport}'s pipelining relies on, checked against the Angus Mail on the class
 * path with a plain {@link SMTPTransport} (nothing of ours in between):
 * <ul>
 *   <li>Angus issues MAIL FROM, each RCPT TO and DATA through the overridable {@code sendCommand(String)}, in
 *       that order, spelled exactly as {@code TrackingTransport.writeAhead} writes them, so that it can
 *       recognise each as already on the wire;</li>
 *   <li>after a refused MAIL FROM, or when every recipient was refused, the next command Angus issues is RSET,
 *       not the rest of the group (that is where {@code abandonWrittenAhead} reads the remaining replies).</li>
 * </ul>
 * An Angus upgrade that changes either breaks pipelining silently (out-of-step replies), so it fails here
 * first. See "Decisions" in docs/architecture.md.
 */
class AngusContractTest {
    /** The Angus Mail version this contract was last verified against. */
    private static final String VERIFIED_VERSION = "2.0.5";

    @RegisterExtension
    final FakeSmtpServer server = FakeSmtpServer.started();

    /** A transport that records each command Angus issues, and does nothing else. */
    static final class RecordingTransport extends SMTPTransport {
        final List<String> issued = new ArrayList<>();

        RecordingTransport(Session session, URLName url) {
            super(session, url);
        }

        @Override
        protected synchronized void sendCommand(String cmd) throws MessagingException {
            issued.add(cmd);
            super.sendCommand(cmd);
        }
    }

    /** The properties {@link MailProperties} sets for the plain-command path that pipelining takes. */
    private List<String> send(String... recipients) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.smtp.sendpartial", "true");
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        RecordingTransport transport = new RecordingTransport(session, new URLName("smtp", "127.0.0.1", server.port(),
                null, null, null));
        SMTPMessage message = new SMTPMessage(session);
        message.setEnvelopeFrom("contact-general@domain1.com");
        message.setSubject("contract");
        message.setText("body");
        Address[] to = new Address[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            to[i] = new InternetAddress(recipients[i]);
        }
        transport.connect("127.0.0.1", server.port(), null, null);
        try {
            transport.sendMessage(message, to);
        } finally {
            transport.close();
        }
        return transport.issued;
    }

    @Test
    void angusOnTheClassPath_isTheVerifiedVersion() {
        assertThat(Libraries.mavenVersion(SMTPTransport.class, "org.eclipse.angus", "angus-mail"))
                .as("Angus Mail changed: re-run AngusContractTest, read TrackingTransport against the new "
                        + "SMTPTransport (sendCommand, mailFrom, rcptTo, data, finishData), then update VERIFIED_VERSION")
                .isEqualTo(VERIFIED_VERSION);
    }

    @Test
    void send_issuesMailEachRcptAndDataThroughSendCommand_inTheFormWrittenAhead() throws MessagingException {
        List<String> issued = send("a@example.com", "b@example.com");

        assertThat(issued).containsSubsequence("MAIL FROM:<contact-general@domain1.com>", "RCPT TO:<a@example.com>",
                "RCPT TO:<b@example.com>", "DATA", ".");
        int mail = issued.indexOf("MAIL FROM:<contact-general@domain1.com>");
        assertThat(issued.subList(mail, mail + 4)).as("nothing between the commands of the group")
                .containsExactly("MAIL FROM:<contact-general@domain1.com>", "RCPT TO:<a@example.com>",
                        "RCPT TO:<b@example.com>", "DATA");
        assertThat(server.messages()).hasSize(1);
    }

    @Test
    void mailRefused_nextCommandIsRset() {
        server.mailReply = "550 5.7.1 sender refused";

        assertThatThrownBy(() -> send("a@example.com")).isInstanceOf(MessagingException.class);

        List<String> commands = server.commands();
        int mail = commands.indexOf("MAIL FROM:<contact-general@domain1.com>");
        assertThat(commands.get(mail + 1)).isEqualTo("RSET");
    }

    @Test
    void everyRecipientRefused_nextCommandAfterTheRcptsIsRset() {
        server.rcptReply = rcpt -> "550 5.1.1 unknown";

        assertThatThrownBy(() -> send("a@example.com", "b@example.com")).isInstanceOf(MessagingException.class);

        List<String> commands = server.commands();
        int last = commands.lastIndexOf("RCPT TO:<b@example.com>");
        assertThat(commands.get(last + 1)).isEqualTo("RSET");
    }
}
