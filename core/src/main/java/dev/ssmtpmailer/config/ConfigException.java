package dev.ssmtpmailer.config;

import dev.ssmtpmailer.message.RelayException;
import java.util.List;

/**
 * A configuration that cannot be used. Carries every problem found, not only the first, each with the
 * file, line, section and key it concerns when the configuration came from files.
 */
public final class ConfigException extends RelayException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /**
     * @param problems what is wrong; at least one
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * @param problem the one thing that is wrong
     * @param cause the underlying failure
     */
    public ConfigException(ConfigProblem problem, Throwable cause) {
        super(format(List.of(problem)), cause);
        this.problems = List.of(problem);
    }

    /** @return every problem, in the order found */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        StringBuilder b = new StringBuilder("invalid configuration, ").append(problems.size()).append(" problems:");
        for (ConfigProblem p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
