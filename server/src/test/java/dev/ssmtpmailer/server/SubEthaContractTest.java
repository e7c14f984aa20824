package dev.ssmtpmailer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssmtpmailer.testing.Libraries;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The contract {@link DataCommand} and {@link EhloCommand} rely on, checked against the SubEthaSMTP on the class
 * path with a bare {@link SMTPServer} (no {@link RelayServer}):
 * <ul>
 *   <li>they extend its <em>internal</em> {@link BaseCommand}, and {@code CommandHandler.addCommand} replaces the
 *       built-in command of the same verb;</li>
 *   <li>{@code Session.getRawInput()} is positioned right after the DATA line, even when the client sent more
 *       behind it, so {@link DotStream} reads exactly the message;</li>
 *   <li>the session's transaction state ({@code isMailTransactionInProgress}, {@code getRecipientCount},
 *       {@code resetMailTransaction}) means what {@link DataCommand} assumes.</li>
 * </ul>
 * A SubEthaSMTP upgrade that moves or changes them breaks the server's DATA, so it fails here first. See
 * "Decisions" in docs/architecture.md.
 */
class SubEthaContractTest {
    /** The SubEthaSMTP version this contract was last verified against. */
    private static final String VERIFIED_VERSION = "7.2.2";

    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private SMTPServer smtp;

    @BeforeEach
    void start() {
        smtp = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("contract.example")
                .insertReceivedHeaders() // SubEthaSMTP's own DATA would add one; ours never does
                .messageHandlerFactory(ctx -> new MessageHandler() {
                    @Override
                    public void from(String from) {
                        // accepted
                    }

                    @Override
                    public void recipient(String recipient) {
                        // accepted
                    }

                    @Override
                    public String data(InputStream data) throws IOException {
                        received.add(data.readAllBytes());
                        return "Ok: contract";
                    }

                    @Override
                    public void done() {
                        // nothing held
                    }
                }).build();
        smtp.getCommandHandler().addCommand(new EhloCommand(session -> false));
        smtp.getCommandHandler().addCommand(new DataCommand());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void subEthaSmtpOnTheClassPath_isTheVerifiedVersion() {
        assertThat(Libraries.mavenVersion(SMTPServer.class, "com.github.davidmoten", "subethasmtp"))
                .as("SubEthaSMTP changed: re-run SubEthaContractTest, read DataCommand and EhloCommand against the "
                        + "new BaseCommand, CommandHandler and Session, then update VERIFIED_VERSION")
                .isEqualTo(VERIFIED_VERSION);
    }

    @Test
    void addCommand_replacesTheBuiltInCommandOfTheSameVerb() {
        assertThat(smtp.getCommandHandler().getCommand("DATA")).isInstanceOf(DataCommand.class)
                .isInstanceOf(BaseCommand.class);
        assertThat(smtp.getCommandHandler().getCommand("EHLO")).isInstanceOf(EhloCommand.class);
    }

    @Test
    void pipelinedTransaction_rawInputStartsRightAfterDataAndTheMessageArrivesByteForByte() throws IOException {
        byte[] body = "Subject: contract\r\n\r\n..leading dot\r\n\u00e9 8-bit\r\nlast line\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), smtp.getPortAllocated())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            // One write: the whole group, as a pipelining client sends it (RFC 2920).
            out.write(("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
            assertThat(in.readLine()).startsWith("250");
            assertThat(in.readLine()).startsWith("354");
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(body);
            message.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(message.toByteArray());
            assertThat(in.readLine()).isEqualTo("250 Ok: contract");
            out.write("DATA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).as("the transaction was reset after the message").startsWith("503 5.5.1");
        }

        assertThat(received).hasSize(1);
        assertThat(new String(received.get(0), StandardCharsets.ISO_8859_1))
                .isEqualTo("Subject: contract\r\n\r\n.leading dot\r\n\u00e9 8-bit\r\nlast line\r\n");
    }
}
