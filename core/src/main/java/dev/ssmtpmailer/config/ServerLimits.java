package dev.ssmtpmailer.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the inbound SMTP server grants one client, and all clients together ({@code server_*} keys of
 * {@code [global]}). The defaults are Postfix's ({@code smtpd_*} settings) where Postfix has the limit;
 * {@code docs/server.md} ("Security") lists each one. Values are checked by {@link #problems()}.
 *
 * <pre>{@code
 * ServerLimits limits = ServerLimits.builder().maxConnectionsPerClient(10).hardErrorLimit(10).build();
 * }</pre>
 *
 * @param maxConnections concurrent connections in all; default 100 (Postfix {@code default_process_limit})
 * @param maxConnectionsPerClient concurrent connections from one IP address; default 50, half the total
 *        (Postfix {@code smtpd_client_connection_count_limit})
 * @param maxMessagesPerConnection messages in one connection, then {@code 421}; default 0 = no limit (Postfix's
 *        smtpd has none: a trusted application may stream any number of messages over one connection)
 * @param maxRecipients recipients of one message, more get {@code 452}; default 1000 (Postfix {@code smtpd_recipient_limit})
 * @param maxCommandsPerSession commands in one connection since its last accepted message, then {@code 421};
 *        default 10000
 * @param softErrorLimit errors (4xx and 5xx replies) after which every reply is delayed by {@code errorDelay};
 *        default 10 (Postfix {@code smtpd_soft_error_limit})
 * @param hardErrorLimit errors after which the connection is closed with {@code 421}; default 20 (Postfix
 *        {@code smtpd_hard_error_limit})
 * @param errorDelay the delay per reply past the soft error limit; default 1 s, 0 = none, at most an hour (Postfix
 *        {@code smtpd_error_sleep_time})
 * @param idleTimeout the longest wait for the client's next command or data; default 5 min, at most an hour
 *        (Postfix {@code smtpd_timeout})
 * @param writeTimeout the longest a reply may take to be written; a client that does not read is dropped;
 *        default 5 min, at most an hour (Postfix {@code smtpd_timeout})
 * @param maxSessionTime the longest a connection may last; default 1 hour, at most a day
 * @param authFailureLimit failed logins ({@code AUTH}) from one client address, over all its connections, within
 *        {@code authFailureWindow}; beyond them the address's {@code AUTH} is refused ({@code 450 4.7.1}) without a
 *        password check until the oldest failure is older than the window; default 10, 0 = no limit, at most
 *        100 (Postfix's nearest, {@code smtpd_client_auth_rate_limit}, counts every
 *        {@code AUTH} and is off by default)
 * @param authFailureWindow how long a failed login counts; default 5 min, at most a day (Postfix
 *        {@code anvil_rate_time_unit}, 60 s)
 */
public record ServerLimits(
        int maxConnections,
        int maxConnectionsPerClient,
        int maxMessagesPerConnection,
        int maxRecipients,
        int maxCommandsPerSession,
        int softErrorLimit,
        int hardErrorLimit,
        Duration errorDelay,
        Duration idleTimeout,
        Duration writeTimeout,
        Duration maxSessionTime,
        int authFailureLimit,
        Duration authFailureWindow) {

    /** The largest {@code authFailureLimit}: the server keeps the time of each failure that counts. */
    static final int MAX_AUTH_FAILURE_LIMIT = 100;
    /** The longest {@code authFailureWindow}: a longer block is a firewall's job. */
    static final Duration MAX_AUTH_FAILURE_WINDOW = Duration.ofDays(1);
    /**
     * The longest {@code errorDelay}, {@code idleTimeout} and {@code writeTimeout}: an hour, as the delivery side's
     * timeouts; far below where the server's deadlines in nanoseconds would overflow.
     */
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /** The longest {@code maxSessionTime}: a day (the default is an hour). */
    static final Duration MAX_SESSION_TIME = Duration.ofDays(1);

    /** Requires every duration. */
    public ServerLimits {
        Objects.requireNonNull(errorDelay, "errorDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(maxSessionTime, "maxSessionTime");
        Objects.requireNonNull(authFailureWindow, "authFailureWindow");
    }

    /**
     * The one definition of what is valid, used by {@link RelayConfig.Builder#build()} (with the file and line
     * of the {@code [global]} section) and by the server's builder.
     *
     * @return each limit out of range, by its {@code [global]} key, with what is wrong; empty when all are valid
     */
    public Map<ConfigKey<?>, String> problems() {
        Map<ConfigKey<?>, String> p = new LinkedHashMap<>();
        positive(p, ConfigKeys.SERVER_MAX_CONNECTIONS, maxConnections);
        positive(p, ConfigKeys.SERVER_MAX_CONNECTIONS_PER_CLIENT, maxConnectionsPerClient);
        if (maxMessagesPerConnection < 0) {
            p.put(ConfigKeys.SERVER_MAX_MESSAGES_PER_CONNECTION, "must not be negative (0 = no limit), was "
                    + maxMessagesPerConnection);
        }
        positive(p, ConfigKeys.SERVER_MAX_RECIPIENTS, maxRecipients);
        positive(p, ConfigKeys.SERVER_MAX_COMMANDS, maxCommandsPerSession);
        positive(p, ConfigKeys.SERVER_SOFT_ERROR_LIMIT, softErrorLimit);
        positive(p, ConfigKeys.SERVER_HARD_ERROR_LIMIT, hardErrorLimit);
        duration(p, ConfigKeys.SERVER_ERROR_DELAY, errorDelay, true, MAX_TIMEOUT);
        duration(p, ConfigKeys.SERVER_IDLE_TIMEOUT, idleTimeout, false, MAX_TIMEOUT);
        duration(p, ConfigKeys.SERVER_WRITE_TIMEOUT, writeTimeout, false, MAX_TIMEOUT);
        duration(p, ConfigKeys.SERVER_MAX_SESSION_TIME, maxSessionTime, false, MAX_SESSION_TIME);
        if (authFailureLimit < 0 || authFailureLimit > MAX_AUTH_FAILURE_LIMIT) {
            p.put(ConfigKeys.SERVER_AUTH_FAILURE_LIMIT, "must be between 0 (no limit) and " + MAX_AUTH_FAILURE_LIMIT
                    + ", was " + authFailureLimit);
        }
        duration(p, ConfigKeys.SERVER_AUTH_FAILURE_WINDOW, authFailureWindow, false, MAX_AUTH_FAILURE_WINDOW);
        if (maxConnectionsPerClient > maxConnections) {
            p.putIfAbsent(ConfigKeys.SERVER_MAX_CONNECTIONS_PER_CLIENT, "must not exceed server_max_connections ("
                    + maxConnections + "), was " + maxConnectionsPerClient);
        }
        if (softErrorLimit > hardErrorLimit) {
            p.putIfAbsent(ConfigKeys.SERVER_SOFT_ERROR_LIMIT, "must not exceed server_hard_error_limit (" + hardErrorLimit
                    + "), was " + softErrorLimit);
        }
        return p;
    }

    /**
     * @return these limits, when {@link #problems()} finds none
     * @throws IllegalArgumentException naming each limit out of range and what is wrong with it
     */
    public ServerLimits checked() {
        Map<ConfigKey<?>, String> problems = problems();
        if (!problems.isEmpty()) {
            StringBuilder m = new StringBuilder("invalid server limits:");
            problems.forEach((key, what) -> m.append(' ').append(key.name()).append(' ').append(what).append(';'));
            throw new IllegalArgumentException(m.substring(0, m.length() - 1));
        }
        return this;
    }

    /** @return the defaults listed on the record */
    public static ServerLimits defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return whether the per-client cap is the one derived from the total (then it has no value of its own) */
    boolean derivedPerClientCap() {
        return maxConnectionsPerClient == half(maxConnections);
    }

    private static int half(int maxConnections) {
        return Math.max(1, maxConnections / 2);
    }

    private static void positive(Map<ConfigKey<?>, String> problems, ConfigKey<?> key, int v) {
        if (v <= 0) {
            problems.put(key, "must be positive, was " + v);
        }
    }

    private static void duration(Map<ConfigKey<?>, String> problems, ConfigKey<?> key, Duration v, boolean zeroAllowed,
                                 Duration max) {
        String what = ConfigValidator.durationProblem(v, zeroAllowed, max);
        if (what != null) {
            problems.put(key, what);
        }
    }

    /**
     * Builds {@link ServerLimits}. Without an explicit per-client cap, it is half of {@code maxConnections}
     * (at least 1), as Postfix's 50 of 100.
     */
    public static final class Builder {
        private int maxConnections = ConfigKeys.SERVER_MAX_CONNECTIONS.defaultValue();
        private Integer maxConnectionsPerClient;
        private int maxMessagesPerConnection = ConfigKeys.SERVER_MAX_MESSAGES_PER_CONNECTION.defaultValue();
        private int maxRecipients = ConfigKeys.SERVER_MAX_RECIPIENTS.defaultValue();
        private int maxCommandsPerSession = ConfigKeys.SERVER_MAX_COMMANDS.defaultValue();
        private int softErrorLimit = ConfigKeys.SERVER_SOFT_ERROR_LIMIT.defaultValue();
        private int hardErrorLimit = ConfigKeys.SERVER_HARD_ERROR_LIMIT.defaultValue();
        private Duration errorDelay = ConfigKeys.SERVER_ERROR_DELAY.defaultValue();
        private Duration idleTimeout = ConfigKeys.SERVER_IDLE_TIMEOUT.defaultValue();
        private Duration writeTimeout = ConfigKeys.SERVER_WRITE_TIMEOUT.defaultValue();
        private Duration maxSessionTime = ConfigKeys.SERVER_MAX_SESSION_TIME.defaultValue();
        private int authFailureLimit = ConfigKeys.SERVER_AUTH_FAILURE_LIMIT.defaultValue();
        private Duration authFailureWindow = ConfigKeys.SERVER_AUTH_FAILURE_WINDOW.defaultValue();

        Builder() {
        }

        Builder(ServerLimits l) {
            maxConnections = l.maxConnections;
            // a cap that is the default half stays derived, so that a new total moves it along
            maxConnectionsPerClient = l.derivedPerClientCap() ? null : l.maxConnectionsPerClient;
            maxMessagesPerConnection = l.maxMessagesPerConnection;
            maxRecipients = l.maxRecipients;
            maxCommandsPerSession = l.maxCommandsPerSession;
            softErrorLimit = l.softErrorLimit;
            hardErrorLimit = l.hardErrorLimit;
            errorDelay = l.errorDelay;
            idleTimeout = l.idleTimeout;
            writeTimeout = l.writeTimeout;
            maxSessionTime = l.maxSessionTime;
            authFailureLimit = l.authFailureLimit;
            authFailureWindow = l.authFailureWindow;
        }

        /** @param v concurrent connections in all @return this */
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        /** @param v concurrent connections from one IP address @return this */
        public Builder maxConnectionsPerClient(int v) { maxConnectionsPerClient = v; return this; }
        /** @param v messages in one connection @return this */
        public Builder maxMessagesPerConnection(int v) { maxMessagesPerConnection = v; return this; }
        /** @param v recipients of one message @return this */
        public Builder maxRecipients(int v) { maxRecipients = v; return this; }
        /** @param v commands in one connection @return this */
        public Builder maxCommandsPerSession(int v) { maxCommandsPerSession = v; return this; }
        /** @param v errors before every reply is delayed @return this */
        public Builder softErrorLimit(int v) { softErrorLimit = v; return this; }
        /** @param v errors before the connection is closed @return this */
        public Builder hardErrorLimit(int v) { hardErrorLimit = v; return this; }
        /** @param v delay per reply past the soft error limit, zero for none @return this */
        public Builder errorDelay(Duration v) { errorDelay = v; return this; }
        /** @param v longest wait for the client's next command or data @return this */
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        /** @param v longest time to write one reply @return this */
        public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }
        /** @param v longest connection @return this */
        public Builder maxSessionTime(Duration v) { maxSessionTime = v; return this; }
        /** @param v failed logins from one client address within the window, 0 = no limit @return this */
        public Builder authFailureLimit(int v) { authFailureLimit = v; return this; }
        /** @param v how long a failed login counts @return this */
        public Builder authFailureWindow(Duration v) { authFailureWindow = v; return this; }

        /** @return the limits, unchecked: see {@link ServerLimits#problems()} */
        public ServerLimits build() {
            int perClient = maxConnectionsPerClient != null ? maxConnectionsPerClient : half(maxConnections);
            return new ServerLimits(maxConnections, perClient, maxMessagesPerConnection, maxRecipients,
                    maxCommandsPerSession, softErrorLimit, hardErrorLimit, errorDelay, idleTimeout, writeTimeout,
                    maxSessionTime, authFailureLimit, authFailureWindow);
        }
    }
}
