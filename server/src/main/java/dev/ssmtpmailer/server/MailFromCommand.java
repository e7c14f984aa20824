package dev.ssmtpmailer.server;

import dev.ssmtpmailer.inbound.InboundRefusal;
import java.io.IOException;
import java.util.Map;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * {@code MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME]}, replacing SubEthaSMTP's, which parsed
 * {@code SIZE} with {@code Integer.parseInt}: {@code SIZE=99999999999999999999} killed the session with
 * {@code 421} and an ERROR stack trace. Here a size above the limit, however many digits, gets
 * {@code 552 5.3.4}; a malformed one {@code 501 5.5.4}; a parameter the server did not offer {@code 555 5.5.4}.
 */
final class MailFromCommand extends BaseCommand {

    MailFromCommand() {
        super("MAIL", "Specifies the sender.", "FROM:<sender> [SIZE=n] [BODY=7BIT|8BITMIME]");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        if (sess.isMailTransactionInProgress()) {
            sess.sendResponse("503 5.5.1 Error: nested MAIL command");
            return;
        }
        long size;
        PathArguments args;
        try {
            args = PathArguments.parse(commandString, "FROM:");
            size = args.size();
            checkParameters(args.parameters());
        } catch (DropConnectionException e) {
            throw e;
        } catch (RejectException e) {
            sess.sendResponse(e.getErrorResponse());
            return;
        }
        int max = sess.getServer().getMaxMessageSize();
        if (max > 0 && size > max) {
            SessionLimits.refused(sess, InboundRefusal.MESSAGE_TOO_BIG);
            sess.sendResponse("552 5.3.4 Message size exceeds fixed limit");
            return;
        }
        sess.setDeclaredMessageSize((int) Math.min(size, Integer.MAX_VALUE));
        sess.startMailTransaction();
        try {
            sess.getMessageHandler().from(args.path());
        } catch (DropConnectionException e) {
            sess.resetMailTransaction();
            throw e;
        } catch (RejectException e) {
            sess.resetMailTransaction();
            sess.sendResponse(e.getErrorResponse());
            return;
        }
        sess.sendResponse("250 2.1.0 Ok");
    }

    /** The parameters EHLO offers: {@code SIZE} (checked by the caller) and {@code BODY} (8BITMIME). */
    private static void checkParameters(Map<String, String> parameters) throws RejectException {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            switch (p.getKey()) {
                case "SIZE" -> {
                    // checked by PathArguments.size()
                }
                case "BODY" -> {
                    if (p.getValue() == null || !p.getValue().equalsIgnoreCase("7BIT")
                            && !p.getValue().equalsIgnoreCase("8BITMIME")) {
                        throw new RejectException(501, "5.5.4 Unsupported BODY parameter");
                    }
                }
                default -> throw new RejectException(555, "5.5.4 Unsupported option: " + SmtpAddresses.echo(p.getKey()));
            }
        }
    }
}
