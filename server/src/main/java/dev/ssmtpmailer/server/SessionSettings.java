package dev.ssmtpmailer.server;

import dev.ssmtpmailer.config.ServerLimits;
import dev.ssmtpmailer.inbound.InboundListener;
import dev.ssmtpmailer.queue.InboundQueue;
import java.time.InstantSource;

/**
 * What every session of one server shares, fixed when the server is built: {@link SessionLimits} admits sessions
 * with it and hands it to each {@link ClientConnection}, and each {@link InboundTransaction} reads it through
 * {@link RelayServer#settings()}. (The policy and the {@code From:} rule follow reloads and stay on the server.)
 *
 * @param limits the connection, error, time and size limits
 * @param hostName the server's name, as its banner, its {@code 421} replies and {@code Received:} give it
 * @param maxMessageSize the largest message accepted, in bytes ({@code max_message_size})
 * @param clock the time written in {@code Received:}
 * @param queue where accepted messages go
 * @param freeSpace the {@code min_free_space} check at each {@code MAIL FROM}
 * @param log where what clients cause is logged, rate-limited
 * @param listener told of every session's opening and end, accepted message and refusal
 */
record SessionSettings(ServerLimits limits, String hostName, long maxMessageSize, InstantSource clock,
                       InboundQueue queue, FreeSpace freeSpace, ClientLog log, InboundListener listener) {
}
