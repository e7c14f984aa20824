package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * How long {@link IniConfig#load(Path)} takes for a large tree: by default 10,000 {@code [mapping:...]}
 * sections spread over 1,000 files (target: under one second). A plain main, not JMH: one load is a
 * whole-process event (start-up, reload), so the figure that matters is wall time per load after a short
 * warm-up, not a steady-state microbenchmark.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.ssmtpmailer.benchmarks.IniLoadBenchmark [files] [sectionsPerFile] [runs]
 * </pre>
 */
public final class IniLoadBenchmark {

    private IniLoadBenchmark() {
    }

    /**
     * Generates the tree in a temporary directory, loads it a few times to warm up, then times {@code runs}
     * loads and prints the figures.
     *
     * @param args optional: number of mapping files (1000), sections per file (10), timed runs (10)
     * @throws IOException if the temporary tree cannot be written
     */
    public static void main(String[] args) throws IOException {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int perFile = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("ini-load-benchmark");
        try {
            generate(dir, files, perFile);
            long coldStart = System.nanoTime();
            IniConfig.load(dir); // the first load of a fresh JVM: what a CLI invocation pays
            long cold = System.nanoTime() - coldStart;
            for (int i = 0; i < 2; i++) {
                IniConfig.load(dir);
            }
            long[] nanos = new long[runs];
            int mappings = 0;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                RelayConfig config = IniConfig.load(dir);
                nanos[i] = System.nanoTime() - start;
                mappings = config.mappings().size();
            }
            Arrays.sort(nanos);
            System.out.printf("IniLoadBenchmark: %d mappings in %d files: first load %.1f ms; then %d runs: min %.1f ms, "
                    + "median %.1f ms, max %.1f ms%n", mappings, files, cold / 1e6, runs, nanos[0] / 1e6,
                    nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The guide's global and domains, an empty users directory, and {@code files} x {@code perFile} mappings. */
    static void generate(Path dir, int files, int perFile) throws IOException {
        Files.writeString(dir.resolve("ssmtp-mailer.conf"), """
                [global]
                default_hostname = mailer.domain1.com
                default_from = noreply@mailer.domain1.com
                max_connections = 10
                connection_timeout = 30
                enable_rate_limiting = true
                rate_limit_per_minute = 100
                """);
        Files.createDirectories(dir.resolve("users"));
        Path domains = Files.createDirectories(dir.resolve("domains"));
        Files.writeString(domains.resolve("domain1.com.conf"), """
                [domain:domain1.com]
                smtp_server = smtp.gmail.com
                smtp_port = 587
                auth_method = LOGIN
                relay_account = mail-relay@domain1.com
                username = mail-relay@domain1.com
                password = benchmark-password
                use_ssl = false
                use_starttls = true
                """);
        // private, as an operator would keep it: no permission warning in the figures
        Files.setPosixFilePermissions(domains.resolve("domain1.com.conf"), PosixFilePermissions.fromString("rw-------"));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        for (int f = 0; f < files; f++) {
            StringBuilder b = new StringBuilder();
            for (int s = 0; s < perFile; s++) {
                String alias = "alias-" + f + "-" + s;
                b.append("[mapping:").append(alias).append("]\n")
                        .append("from_pattern = ").append(alias).append("@mailer.domain1.com\n")
                        .append("to_pattern = ").append(alias).append("@domain1.com\n")
                        .append("smtp_account = mail-relay@domain1.com\n")
                        .append("domain = domain1.com\n\n");
            }
            Files.writeString(mappings.resolve(String.format("mappings-%04d.conf", f)), b);
        }
    }
}
