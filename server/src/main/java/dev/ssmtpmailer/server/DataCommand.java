package dev.ssmtpmailer.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * DATA as SubEthaSMTP handles it, but reading the data through {@link DotStream} (block reads instead of one
 * byte per call, in the {@link ClientInput}'s buffer under the session's) and without its own {@code Received:} header (ours is added by {@link InboundTransaction}).
 */
final class DataCommand extends BaseCommand {

    DataCommand() {
        super("DATA", "Following text is collected as the message.\nEnd data with <CR><LF>.<CR><LF>");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        if (!sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: need MAIL command");
            return;
        }
        if (sess.getRecipientCount() == 0) {
            sess.sendResponse("503 5.5.1 Error: need RCPT command");
            return;
        }
        sess.sendResponse("354 End data with <CR><LF>.<CR><LF>");
        DotStream data = DotStream.of(sess.getRawInput(),
                sess.getSocket() instanceof GuardedSocket g && g.getInputStream() instanceof ClientInput c ? c : null);
        receive(sess, data);
    }

    /**
     * Hands a message's data to the transaction and answers: {@code 250} with the transaction's reply, or its
     * refusal once the rest of the data was read (so that none of it runs as commands). Shared by DATA and BDAT.
     *
     * @param data the message's data, which ends (-1) where the client's next command starts
     * @throws IOException if the client's connection fails (including {@link BdatCommand}'s own interruptions)
     */
    static void receive(Session sess, InputStream data) throws IOException, DropConnectionException {
        String reply;
        try {
            reply = sess.getMessageHandler().data(data);
            rest(data);
        } catch (DropConnectionException e) {
            throw e;
        } catch (RejectException e) {
            rest(data);
            sess.sendResponse(e.getErrorResponse());
            return;
        }
        sess.sendResponse(reply != null ? "250 ".concat(reply) : "250 Ok");
        sess.resetMailTransaction();
    }

    /**
     * Reads and discards the rest of the data, so that none of it runs as commands. Usually nothing is left: one
     * read finds the end without the 8 KiB buffer {@code transferTo} allocates (per message, see
     * docs/performance.md, the JFR allocation profile).
     */
    private static void rest(InputStream data) throws IOException {
        if (data.read() >= 0) {
            data.transferTo(OutputStream.nullOutputStream());
        }
    }
}
