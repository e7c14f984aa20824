package dev.ssmtpmailer.server;

import dev.ssmtpmailer.queue.QueueId;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server in a child JVM, for the ITs that need a small heap or a {@code kill -9}. Prints {@code PORT=n} when
 * listening, then one {@code ACCEPTED id bytes} line per message, and runs until killed.
 *
 * <p>{@code count MAX_SIZE}: the queue reads each message to its end and only counts the bytes.
 */
public final class ServerMain {
    private ServerMain() {
    }

    /**
     * @param args the mode and its arguments
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (!"count".equals(args[0])) {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        long max = Long.parseLong(args[1]);
        AtomicInteger ids = new AtomicInteger();
        RelayServer server = RelayServer.builder(TestServers.config(g -> g.maxMessageSize(max)), (sender, rcpts, data) -> {
            byte[] buf = new byte[64 * 1024];
            long n = 0;
            int r;
            while ((r = data.read(buf)) >= 0) {
                n += r;
            }
            QueueId id = new QueueId("C" + ids.incrementAndGet());
            report("ACCEPTED " + id + " " + n + " maxMemory=" + Runtime.getRuntime().maxMemory());
            return id;
        }).listen("127.0.0.1", 0).build().start();
        report("PORT=" + server.port());
        new CountDownLatch(1).await();
    }

    static synchronized void report(String line) throws IOException {
        System.out.println(line);
        System.out.flush();
    }
}
