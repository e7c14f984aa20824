package dev.ssmtpmailer.cli.probe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps one account went through; the last one is the failure when there is one.
 *
 * @param domain the {@code [domain:...]} section
 * @param account the account name ({@code relay_account})
 * @param server {@code host:port}
 * @param steps the steps that ran, in order
 */
public record ProbeReport(String domain, String account, String server, List<ProbeStep> steps) {

    /** Copies the steps. */
    public ProbeReport {
        Objects.requireNonNull(domain, "domain");
        steps = List.copyOf(steps);
    }

    /** @return whether every step ran and passed */
    public boolean passed() {
        return steps.size() == ProbeStep.Step.values().length && steps.stream().allMatch(ProbeStep::passed);
    }

    /** @return the step that failed */
    public Optional<ProbeStep> failure() {
        return steps.stream().filter(s -> !s.passed()).findFirst();
    }
}
