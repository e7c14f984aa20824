package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.message.Envelope;
import dev.ssmtpmailer.message.MessageBody;
import dev.ssmtpmailer.smtp.SmtpRelayClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Steady CPU per message of the pooled SMTP client's sending thread: one connection to {@code smtp-sink}, a
 * loop of {@code SmtpRelayClient.send} with {@link SmtpThroughputBenchmark}'s message, a warm-up, then the
 * measured messages. Prints one line per size (msgs/s, MB/s, the process's CPU and the sending thread's CPU
 * per message, from {@link ThreadMXBean}); asserts nothing. The thread's CPU leaves out the JIT and GC
 * threads, which are still busy long after start.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.ClientCpuBenchmark PORT KB WARMUP COUNT [KB WARMUP COUNT]...
 * </pre>
 * The sink listens on 127.0.0.1:PORT. To set an older build beside this one, put its jar first on the class
 * path ({@code -cp OLD/benchmarks.jar:benchmarks/target/benchmarks.jar}): its client is measured by this loop.
 */
public final class ClientCpuBenchmark {

    private ClientCpuBenchmark() {
    }

    /**
     * @param args {@code PORT} then triples of {@code KB WARMUP COUNT}
     * @throws Exception if a send throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length % 3 != 1) {
            System.err.println("usage: ClientCpuBenchmark PORT KB WARMUP COUNT [KB WARMUP COUNT]...");
            System.exit(2);
        }
        DomainConfig account = DomainConfig.builder("sink").smtpServer("127.0.0.1").smtpPort(Integer.parseInt(args[0]))
                .tls(TlsMode.NONE).authMethod(AuthMethod.NONE).maxConnections(1).build();
        Envelope envelope = Envelope.of(EmailAddress.parse("bench@domain1.com"), EmailAddress.parse("sink@example.com"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SmtpRelayClient client = SmtpRelayClient.create(GlobalSettings.defaults())) {
            for (int k = 1; k < args.length; k += 3) {
                int kb = Integer.parseInt(args[k]);
                int warmUp = Integer.parseInt(args[k + 1]);
                int count = Integer.parseInt(args[k + 2]);
                MessageBody body = MessageBody.of(SmtpThroughputBenchmark.message(kb * 1024));
                for (int i = 0; i < warmUp; i++) {
                    client.send(account, envelope, body);
                }
                long process = ProcessCpu.nanos();
                long thread = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    client.send(account, envelope, body);
                }
                double seconds = (System.nanoTime() - wall) / 1e9;
                System.out.printf(Locale.ROOT, "%d KB: %d msgs, %.1f msgs/s, %.1f MB/s, process CPU %.1f us/msg,"
                                + " sending thread %.1f us/msg%n", kb, count, count / seconds, count * (kb / 1024.0) / seconds,
                        (ProcessCpu.nanos() - process) / 1e3 / count, (threads.getCurrentThreadCpuTime() - thread) / 1e3 / count);
            }
        }
    }
}
