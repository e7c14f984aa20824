package dev.ssmtpmailer.server;

import java.io.IOException;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * {@code STARTTLS} as SubEthaSMTP does it (a new socket, so that plaintext pipelined after the command is
 * discarded, RFC 3207 section 4.2), but the TLS socket stays under the connection's limits, and a failed
 * handshake ends the session with one DEBUG line instead of a WARN with a stack trace.
 */
final class StartTlsCommand extends BaseCommand {

    StartTlsCommand() {
        super("STARTTLS", "Starts TLS on this connection.");
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException {
        if (!commandString.strip().equalsIgnoreCase("STARTTLS")) {
            sess.sendResponse("501 5.5.4 Syntax: STARTTLS");
            return;
        }
        if (!sess.getServer().getEnableTLS()) {
            sess.sendResponse("454 4.7.0 TLS not available");
            return;
        }
        if (sess.isTLSStarted() || !(sess.getSocket() instanceof GuardedSocket plain)) {
            sess.sendResponse("503 5.5.1 Error: TLS already active");
            return;
        }
        sess.sendResponse("220 2.0.0 Ready to start TLS");
        SSLSocket tls;
        try {
            tls = sess.getServer().createSSLSocket(plain.inner());
            tls.startHandshake();
        } catch (IOException e) {
            RelayServer.LOG.debug("{}: TLS handshake failed: {}", plain.getInetAddress().getHostAddress(), e.toString());
            sess.quit();
            return;
        }
        sess.setSocket(new GuardedSocket(tls, plain.connection()));
        sess.resetSmtpProtocol();
        sess.setTlsStarted(true);
    }
}
