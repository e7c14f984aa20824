package dev.ssmtpmailer.benchmarks;

import dev.ssmtpmailer.address.EmailAddress;
import dev.ssmtpmailer.config.AuthMethod;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.MappingConfig;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.TlsMode;
import dev.ssmtpmailer.mapping.MappingResolver;
import dev.ssmtpmailer.mapping.Route;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of {@link MappingResolver#resolve} with 1,000 and 100,000 exact mappings (plus 1,000 {@code *@host}
 * mappings): exact hits, wildcard hits and misses. The figures should not depend on {@code exactMappings}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MappingResolverBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MappingResolverBenchmark {
    private static final int WILDCARDS = 1_000;
    private static final int PROBES = 1 << 12; // addresses cycled through, so one hot key cannot flatter the figure
    private static final String ACCOUNT = "relay@example.com";

    /** How many exact mappings the configuration holds. */
    @Param({"1000", "100000"})
    public int exactMappings;

    private MappingResolver resolver;
    private EmailAddress[] exactHits;
    private EmailAddress[] wildcardHits;
    private EmailAddress[] misses;
    private int next;

    /** Builds the configuration through the validating builder, and the addresses to look up. */
    @Setup(Level.Trial)
    public void setUp() {
        RelayConfig.Builder b = RelayConfig.builder().domain(DomainConfig.builder("example.com")
                .smtpServer("smtp.example.com").authMethod(AuthMethod.NONE).tls(TlsMode.NONE)
                .relayAccount(ACCOUNT).build());
        for (int i = 0; i < exactMappings; i++) {
            b.mapping(MappingConfig.of("exact-" + i, exactAlias(i), "user" + i + "@example.com", ACCOUNT));
        }
        for (int i = 0; i < WILDCARDS; i++) {
            b.mapping(MappingConfig.of("wild-" + i, "*@wild" + i + ".example.net", "*@target" + i + ".example.com", ACCOUNT));
        }
        long t0 = System.nanoTime();
        RelayConfig config = b.build();
        long t1 = System.nanoTime();
        resolver = MappingResolver.create(config);
        long t2 = System.nanoTime();
        System.out.printf("%n%d mappings: validated in %d ms, indexed in %d ms%n", exactMappings + WILDCARDS,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

        exactHits = new EmailAddress[PROBES];
        wildcardHits = new EmailAddress[PROBES];
        misses = new EmailAddress[PROBES];
        for (int i = 0; i < PROBES; i++) {
            int k = (int) ((i * 2_654_435_761L) % exactMappings); // spread over the whole table
            exactHits[i] = EmailAddress.parse(exactAlias(k).toUpperCase(java.util.Locale.ROOT));
            wildcardHits[i] = EmailAddress.parse("Someone" + i + "@wild" + (i % WILDCARDS) + ".example.net");
            misses[i] = EmailAddress.parse("nobody" + i + "@mailer" + (i % 100) + ".example.org");
        }
        check(exactHits[1], true);
        check(wildcardHits[1], true);
        check(misses[1], false);
    }

    private static String exactAlias(int i) {
        return "alias" + i + "@mailer" + (i % 100) + ".example.org";
    }

    private void check(EmailAddress a, boolean expected) {
        if (resolver.resolve(a).isPresent() != expected) {
            throw new IllegalStateException("benchmark set-up is wrong for " + a);
        }
    }

    private int index() {
        next = (next + 1) & (PROBES - 1);
        return next;
    }

    /** @return the route of an exact alias */
    @Benchmark
    public Optional<Route> exactHit() {
        return resolver.resolve(exactHits[index()]);
    }

    /** @return the route of an alias matched by {@code *@host} */
    @Benchmark
    public Optional<Route> wildcardHit() {
        return resolver.resolve(wildcardHits[index()]);
    }

    /** @return empty: an address no mapping matches */
    @Benchmark
    public Optional<Route> miss() {
        return resolver.resolve(misses[index()]);
    }
}
