package dev.ssmtpmailer.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.CommandException;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.Session;

/**
 * Wraps every command of the server so that nothing a client sends reaches SubEthaSMTP's catch-all handlers,
 * which log at WARN or ERROR with a stack trace and answer {@code 421 Mail system failure}:
 * <ul>
 *   <li>a command of a connection that was ended (a pipelined one still in the input buffer) is not run;</li>
 *   <li>a lost client (connection reset, end of stream in the middle of {@code DATA}) ends the session with
 *       one DEBUG line;</li>
 *   <li>an unexpected exception (a bug the client's input found) is answered with {@code 421 4.3.0}, logged
 *       as one rate-limited WARN line, its stack trace at DEBUG.</li>
 * </ul>
 * A read timeout is left to SubEthaSMTP, which answers it with {@code 421} and closes. A {@code DATA} or
 * {@code BDAT} command holds {@link RelayServer#close()} until its reply is written, so that a message queued
 * while the server closes is acknowledged to its client.
 *
 * @param command the command it guards, SubEthaSMTP's or one of ours
 * @param log where an unexpected failure is reported (rate-limited)
 * @param server told when a {@code DATA} or {@code BDAT} starts and ends
 */
record GuardedCommand(Command command, ClientLog log, RelayServer server) implements Command {

    @Override
    public void execute(String commandString, Session sess) throws IOException, DropConnectionException {
        ClientConnection connection = SessionLimits.connection(sess);
        if (connection != null && connection.ended()) {
            sess.quit();
            return;
        }
        boolean data = connection != null && (getName().equals("DATA") || getName().equals("BDAT"));
        try {
            if (data) {
                connection.inData(true);
                server.dataStarted();
            }
            command.execute(commandString, sess);
            // a QUIT between chunks closed the session's streams and socket: nothing is read again, and a peek
            // would fail ("Stream closed") and be logged as a lost client
            if (data && !sess.getSocket().isClosed() && invalidBytesReadAhead(sess)) {
                sess.sendResponse("501 5.5.2 Syntax error: invalid character encoding");
                sess.quit();
            }
        } catch (SocketTimeoutException | DropConnectionException e) {
            throw e;
        } catch (IOException e) {
            RelayServer.LOG.debug("{}: connection lost during {}: {}", client(sess), command.getName(), e.toString());
            sess.quit();
        } catch (RuntimeException e) {
            log.warn("{}: {} failed unexpectedly, answered 421: {}", client(sess), command.getName(), e.toString());
            RelayServer.LOG.debug("the failure of {}", command.getName(), e);
            throw new DropConnectionException(421, "4.3.0 " + sess.getServer().getHostName()
                    + " Error: internal error, closing connection");
        } finally {
            if (data) {
                connection.inData(false);
                server.dataEnded(); // after the reply: a closing server must not drop a client before its 250
            }
        }
    }

    /**
     * Commands pipelined behind the data were read ahead with it, unfiltered by {@link ClientInput}: a
     * {@code 0xFF} among them would reach SubEthaSMTP's UTF-8 reader, which mistakes it for the end of the
     * stream (a WARN with a stack trace). Peeks at what is buffered, without blocking.
     */
    private static boolean invalidBytesReadAhead(Session sess) throws IOException {
        InputStream in = sess.getRawInput();
        int n = in.available();
        if (n <= 0) {
            return false;
        }
        byte[] ahead = new byte[n];
        in.mark(n);
        int r = in.read(ahead, 0, n);
        in.reset();
        for (int i = 0; i < r; i++) {
            if (ahead[i] == (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    private static String client(Session sess) {
        return sess.getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public HelpMessage getHelp() throws CommandException {
        return command.getHelp();
    }

    @Override
    public String getName() {
        return command.getName();
    }
}
