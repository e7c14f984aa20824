package dev.ssmtpmailer.server;

import dev.ssmtpmailer.testing.Peers;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@link MailerService} (spool + workers + listener) in a child JVM, for the crash test. Prints {@code PORT=n}
 * when listening and runs until killed.
 *
 * <p>Arguments: spool directory, then the upstream's host, port, user, password, TLS certificate, Maildir.
 */
public final class MailerMain {
    private MailerMain() {
    }

    /**
     * @param args spool directory and upstream facts
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Peers.UpstreamSmtp up = new Peers.UpstreamSmtp(args[1], Integer.parseInt(args[2]), 0, args[3], args[4],
                Path.of(args[5]), Path.of(args[6]));
        MailerService mailer = MailerService.builder(Relays.config(up, Path.of(args[0])))
                .server(b -> b.listen("127.0.0.1", 0)).start();
        ServerMain.report("PORT=" + mailer.port());
        new CountDownLatch(1).await();
    }
}
