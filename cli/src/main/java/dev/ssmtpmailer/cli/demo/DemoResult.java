package dev.ssmtpmailer.cli.demo;

import java.util.List;

/**
 * What the demo did.
 *
 * @param upstreamPort the port of the in-process upstream
 * @param rows one row per message, forwards first
 * @param upstreamReceived how many messages the upstream accepted (after STARTTLS and AUTH)
 * @param inbound how mail reached the relay: {@code "SMTP server on 127.0.0.1:PORT"} or
 *        {@code "in-process (no inbound server)"}
 */
public record DemoResult(int upstreamPort, List<DemoRow> rows, int upstreamReceived, String inbound) {

    /** Copies the rows. */
    public DemoResult {
        rows = List.copyOf(rows);
    }

    /** @return whether every message reached the upstream */
    public boolean allDelivered() {
        return !rows.isEmpty() && rows.stream().allMatch(DemoRow::delivered) && upstreamReceived == rows.size();
    }
}
