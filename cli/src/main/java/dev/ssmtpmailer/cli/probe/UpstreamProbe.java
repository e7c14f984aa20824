package dev.ssmtpmailer.cli.probe;

import dev.ssmtpmailer.auth.TokenProvider;
import dev.ssmtpmailer.config.DomainConfig;
import dev.ssmtpmailer.config.GlobalSettings;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks that an upstream account works, step by step, without sending mail.
 *
 * <pre>{@code
 * ProbeReport r = UpstreamProbe.create(TokenProvider.create(), line -> {}).probe(account, config.global());
 * }</pre>
 */
public interface UpstreamProbe {

    /**
     * Runs the steps until one fails. Never throws for network, TLS or AUTH trouble: that is the report.
     *
     * @param account the upstream account
     * @param global EHLO name, timeouts, {@code ssl_dir}
     * @return the report
     */
    ProbeReport probe(DomainConfig account, GlobalSettings global);

    /**
     * @param tokens access tokens for XOAUTH2 accounts
     * @param trace receives each protocol line ({@code C: ...}, {@code S: ...}), AUTH data replaced by
     *        {@code ******}; pass {@code line -> {}} for none
     * @return a probe
     */
    static UpstreamProbe create(TokenProvider tokens, Consumer<String> trace) {
        return new SmtpProbe(Objects.requireNonNull(tokens, "tokens"), Objects.requireNonNull(trace, "trace"));
    }
}
