package dev.ssmtpmailer.server;

import java.io.IOException;
import java.util.function.Predicate;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * EHLO as SubEthaSMTP answers it, plus {@code PIPELINING} (RFC 2920) and {@code ENHANCEDSTATUSCODES} (RFC 2034).
 *
 * <p>Why: SubEthaSMTP handles pipelined commands correctly (it reads one line at a time from a buffered stream
 * and the DATA stream continues from the same buffer) but does not advertise it, so every client waited for
 * the reply to MAIL, to each RCPT and to DATA: four round trips per message instead of two, which halved the
 * single-connection throughput. Every reply already carries an enhanced status code. {@code AUTH PLAIN LOGIN} is
 * offered after {@code STARTTLS}, when a {@code [user:...]} has a {@code password_hash} ({@link AuthCommand}), and
 * never on a plaintext session. {@code CHUNKING} is {@link BdatCommand}.
 *
 * <p>{@code SMTPUTF8} (RFC 6531) is not offered: internationalized addresses could not be relayed end to end,
 * since the addresses, mappings and the upstream client are ASCII only. A client therefore sends ASCII
 * envelopes, or downgrades; {@code MAIL FROM ... SMTPUTF8} gets {@code 555 5.5.4}.
 */
final class EhloCommand extends BaseCommand {
    private final Predicate<Session> offersAuth;

    /** @param offersAuth whether a session's EHLO offers AUTH ({@link AuthCommand#offered}) */
    EhloCommand(Predicate<Session> offersAuth) {
        super("EHLO", "Introduce yourself.", "<hostname>");
        this.offersAuth = offersAuth;
    }

    @Override
    public void execute(String commandString, Session sess) throws IOException {
        String[] args = getArgs(commandString);
        if (args.length < 2) {
            sess.sendResponse("501 5.5.4 Syntax: EHLO hostname");
            return;
        }
        sess.resetMailTransaction();
        sess.setHelo(args[1]);
        StringBuilder r = new StringBuilder("250-").append(sess.getServer().getHostName());
        r.append("\r\n250-PIPELINING");
        int maxSize = sess.getServer().getMaxMessageSize();
        if (maxSize > 0) {
            r.append("\r\n250-SIZE ").append(maxSize);
        }
        if (sess.getServer().getEnableTLS() && !sess.getServer().getHideTLS() && !sess.isTLSStarted()) {
            r.append("\r\n250-STARTTLS");
        }
        if (offersAuth.test(sess)) {
            r.append("\r\n250-AUTH PLAIN LOGIN");
        }
        r.append("\r\n250-ENHANCEDSTATUSCODES");
        r.append("\r\n250-8BITMIME");
        r.append("\r\n250 CHUNKING");
        sess.sendResponse(r.toString());
    }
}
