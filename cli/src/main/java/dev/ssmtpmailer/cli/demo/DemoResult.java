package dev.ssmtpmailer.cli.demo;

import java.util.List;

/**
 * What the demo did.
 *
 * @param upstreamPort the port of the in-process upstream
 * @param rows one row per message, forwards first
 * @param upstreamReceived how many messages the upstream accepted (after STARTTLS and AUTH)
 * @param inbound how the outside messages reached the relay (its inbound server's address)
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
