package dev.ssmtpmailer.server;

import static dev.ssmtpmailer.config.ConfigKeys.CA_DIR;
import static dev.ssmtpmailer.config.ConfigKeys.CONNECTION_TIMEOUT;
import static dev.ssmtpmailer.config.ConfigKeys.DATABASE_SCHEMA;
import static dev.ssmtpmailer.config.ConfigKeys.DATABASE_URL;
import static dev.ssmtpmailer.config.ConfigKeys.DATABASE_USER;
import static dev.ssmtpmailer.config.ConfigKeys.DEFAULT_HOSTNAME;
import static dev.ssmtpmailer.config.ConfigKeys.INSTANCE_ID;
import static dev.ssmtpmailer.config.ConfigKeys.LOG_FILE;
import static dev.ssmtpmailer.config.ConfigKeys.LOG_LEVEL;
import static dev.ssmtpmailer.config.ConfigKeys.MAX_CONNECTIONS;
import static dev.ssmtpmailer.config.ConfigKeys.MAX_MESSAGE_SIZE;
import static dev.ssmtpmailer.config.ConfigKeys.METRICS_LISTEN;
import static dev.ssmtpmailer.config.ConfigKeys.MIN_FREE_SPACE;
import static dev.ssmtpmailer.config.ConfigKeys.QUEUE_BACKEND;
import static dev.ssmtpmailer.config.ConfigKeys.QUEUE_LEASE;
import static dev.ssmtpmailer.config.ConfigKeys.READ_TIMEOUT;
import static dev.ssmtpmailer.config.ConfigKeys.SPOOL_DIR;
import static dev.ssmtpmailer.config.ConfigKeys.WRITE_TIMEOUT;

import dev.ssmtpmailer.config.ConfigKey;
import dev.ssmtpmailer.config.ConfigKeys;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.config.SectionKind;
import dev.ssmtpmailer.config.SectionValues;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys a running {@link MailerService} (and {@code serve} around it) reads at start only, so that a reload
 * can name each one it changed instead of claiming the whole tree applied. docs/configuration.md#reloading lists
 * the same keys.
 */
final class StartOnlyKeys {
    /**
     * Besides every {@code server_*} limit and the password of {@code database_password*}: the log (set up before
     * the tree is read), the spool and the queue backend, the SMTP client's connection settings and EHLO name (its
     * pools are made with them), the listener's banner name, size limit and free-space check, and the metrics
     * endpoint.
     */
    private static final List<ConfigKey<?>> GLOBAL = List.of(LOG_FILE, LOG_LEVEL, SPOOL_DIR, QUEUE_BACKEND, DATABASE_URL,
            DATABASE_USER, DATABASE_SCHEMA, INSTANCE_ID, QUEUE_LEASE, CA_DIR, MAX_CONNECTIONS, CONNECTION_TIMEOUT,
            READ_TIMEOUT, WRITE_TIMEOUT, DEFAULT_HOSTNAME, MAX_MESSAGE_SIZE, MIN_FREE_SPACE, METRICS_LISTEN);

    private StartOnlyKeys() {
    }

    /**
     * @param running the configuration the service was started with
     * @param next the new one
     * @return the names of the start-only keys whose value differs, in the order of {@link ConfigKeys}, then
     *         {@code listen_address} and {@code listen_port} of the local domain
     */
    static List<String> changed(RelayConfig running, RelayConfig next) {
        List<String> names = new ArrayList<>();
        SectionValues was = SectionValues.of(running.global());
        SectionValues now = SectionValues.of(next.global());
        for (ConfigKey<?> key : ConfigKeys.of(SectionKind.GLOBAL)) {
            if ((GLOBAL.contains(key) || key.name().startsWith("server_")) && !Objects.equals(was.get(key), now.get(key))) {
                names.add(key.name());
            }
        }
        if (!Objects.equals(running.global().queue().databasePassword(), next.global().queue().databasePassword())) {
            names.add("database_password");
        }
        Optional<InetSocketAddress> from = ListenAddress.configured(running);
        Optional<InetSocketAddress> to = ListenAddress.configured(next);
        if (!from.map(InetSocketAddress::getHostString).equals(to.map(InetSocketAddress::getHostString))) {
            names.add("listen_address");
        }
        if (!from.map(InetSocketAddress::getPort).equals(to.map(InetSocketAddress::getPort))) {
            names.add("listen_port");
        }
        return names;
    }
}
