package dev.ssmtpmailer.server;

import dev.ssmtpmailer.inbound.InboundRefusal;
import java.io.IOException;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * {@code RCPT TO:<address>}, replacing SubEthaSMTP's: the arguments go through {@link PathArguments} (whose
 * replies never echo the client's bytes unfiltered), the reply carries an enhanced status code, and
 * parameters (no DSN is offered) get {@code 555 5.5.4}.
 */
final class RcptToCommand extends BaseCommand {

    RcptToCommand() {
        super("RCPT", "Specifies the recipient. Can be used any number of times.", "TO:<recipient>");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        if (!sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: need MAIL command");
            return;
        }
        if (sess.getRecipientCount() >= sess.getServer().getMaxRecipients()) {
            SessionLimits.refused(sess, InboundRefusal.RECIPIENT_LIMIT);
            sess.sendResponse("452 4.5.3 Error: too many recipients");
            return;
        }
        try {
            PathArguments args = PathArguments.parse(commandString, "TO:");
            if (!args.parameters().isEmpty()) {
                throw new RejectException(555, "5.5.4 Unsupported option: "
                        + SmtpAddresses.echo(args.parameters().keySet().iterator().next()));
            }
            sess.getMessageHandler().recipient(args.path());
            sess.addRecipient(args.path());
        } catch (DropConnectionException e) {
            throw e;
        } catch (RejectException e) {
            sess.sendResponse(e.getErrorResponse());
            return;
        }
        sess.sendResponse("250 2.1.5 Ok");
    }
}
