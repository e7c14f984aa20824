package dev.ssmtpmailer.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A real third-party server or client that an interop test ({@code *IT}) needs, and how to tell whether this
 * machine has it. Name the peers with {@link RequiresPeer}; {@link PeerCondition} skips (or, with
 * {@code SSMTP_REQUIRE_PEERS=1}, fails) the tests whose peers are missing.
 *
 * <p>The servers are started by the peer scripts kept beside the repository ({@code ../shared/peers}, see
 * CONTRIBUTING.md): each prints {@code KEY=VALUE} facts, which {@code .ci/run} exports.
 */
public enum Peer {
    /** Postfix as a Gmail look-alike ({@code upstream-smtp.sh}): STARTTLS required, AUTH LOGIN/PLAIN. */
    UPSTREAM_SMTP("upstream-smtp", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS_CERT", "MAILDIR_NEW"),
    /** Postfix's {@code smtp-sink} ({@code smtp-sink.sh}): accepts and discards. */
    SMTP_SINK("smtp-sink", "SINK_HOST", "SINK_PORT"),
    /** NSD serving the guide's zones and a DKIM key ({@code dns.sh}). */
    DNS("dns", "DNS_HOST", "DNS_PORT", "DKIM_PRIVATE_KEY", "DKIM_PUBLIC_KEY"),
    /** A private PostgreSQL 15 cluster ({@code postgres.sh}): the shared queue and rate limits. */
    POSTGRES("postgres", "PG_URL", "PG_USER", "PG_PASSWORD"),
    /**
     * Private instances of the peer scripts on free ports ({@link Peers#startPrivate}), for fault and crash
     * tests: needs {@code SSMTP_PEERS_DIR} pointing at the scripts, and root.
     */
    PRIVATE_PEERS("private peer instances", Peers.PEERS_DIR) {
        @Override
        Optional<String> missing(Function<String, String> env, String user) {
            Optional<String> facts = super.missing(env, user);
            if (facts.isPresent()) {
                return facts;
            }
            if (!Files.isRegularFile(Path.of(env.apply(Peers.PEERS_DIR), "upstream-smtp.sh"))) {
                return Optional.of(label() + ": " + Peers.PEERS_DIR + "=" + env.apply(Peers.PEERS_DIR)
                        + " holds no upstream-smtp.sh");
            }
            return "root".equals(user) ? Optional.empty() : Optional.of(label() + ": the scripts need root");
        }
    },
    /** The {@code swaks} SMTP client ({@code apt-get install swaks}). */
    SWAKS("swaks") {
        @Override
        Optional<String> missing(Function<String, String> env, String user) {
            return tool("swaks", "apt-get install swaks");
        }
    },
    /** The {@code msmtp} SMTP client ({@code apt-get install msmtp}), the sendmail of many small hosts. */
    MSMTP("msmtp") {
        @Override
        Optional<String> missing(Function<String, String> env, String user) {
            return tool("msmtp", "apt-get install msmtp");
        }
    },
    /** Postfix's {@code smtp-source} load generator ({@code apt-get install postfix}). */
    SMTP_SOURCE("smtp-source") {
        @Override
        Optional<String> missing(Function<String, String> env, String user) {
            return tool("smtp-source", "apt-get install postfix");
        }
    };

    private static final List<String> BIN_DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin");

    private final String label;
    private final List<String> facts;

    Peer(String label, String... facts) {
        this.label = label;
        this.facts = List.of(facts);
    }

    /** @return the peer's name as its script or tool is called */
    public String label() {
        return label;
    }

    /**
     * Why this peer is not available here, in one line.
     *
     * @param env the environment ({@code System::getenv} outside tests of this class)
     * @param user the name of the user the tests run as
     * @return empty when the peer is available
     */
    Optional<String> missing(Function<String, String> env, String user) {
        List<String> unset = new ArrayList<>();
        for (String fact : facts) {
            String value = env.apply(fact);
            if (value == null || value.isBlank()) {
                unset.add(fact);
            }
        }
        return unset.isEmpty() ? Optional.empty() : Optional.of(label + ": " + String.join(", ", unset) + " not set");
    }

    private static Optional<String> tool(String name, String install) {
        for (String dir : BIN_DIRS) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Optional.empty();
            }
        }
        return Optional.of(name + " is not installed (" + install + ")");
    }
}
