package dev.ssmtpmailer.cli.demo;

import java.util.Objects;

/**
 * One line of the demo's table.
 *
 * @param kind {@code forward} (an outside sender wrote to an alias) or {@code send} (the guide's send example)
 * @param alias the local alias: the recipient for {@code forward}, the sender for {@code send}
 * @param canonical what the alias became: the upstream recipient, or the {@code From:} the message left with
 * @param account the upstream account it went through
 * @param reply the upstream server's reply, or the failure
 * @param delivered whether the upstream accepted it
 */
public record DemoRow(String kind, String alias, String canonical, String account, String reply, boolean delivered) {

    /** Checks the required parts. */
    public DemoRow {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alias, "alias");
        canonical = canonical == null ? "-" : canonical;
        account = account == null ? "-" : account;
        reply = reply == null ? "" : reply;
    }
}
