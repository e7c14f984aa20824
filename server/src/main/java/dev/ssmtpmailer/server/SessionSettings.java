package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.inbound.InboundListener;

/**
 * What every connection of one server is held to and reports to: {@link SessionLimits} admits sessions with it and
 * hands it to each {@link ClientConnection}.
 *
 * @param limits the connection, error, time and size limits
 * @param hostName the server's name, as its {@code 421} replies give it
 * @param log where what clients cause is logged, rate-limited
 * @param listener told of every session's opening and end, accepted message and refusal
 */
record SessionSettings(ServerLimits limits, String hostName, ClientLog log, InboundListener listener) {
}
