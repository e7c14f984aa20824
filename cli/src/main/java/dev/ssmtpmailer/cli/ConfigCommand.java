package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.config.ConfigException;
import dev.ssmtpmailer.config.ConfigProblem;
import dev.ssmtpmailer.config.DomainRole;
import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.ini.IniConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code config [--validate]}: the effective configuration with secrets masked, or every problem in it. */
@Command(name = "config",
        description = {"Print the effective configuration (defaults included, secrets masked).",
                "Each domain's role (local or upstream, and why) is a comment under its header.",
                "With --validate, list every problem with its file and line instead, and warn about roles that look accidental."})
final class ConfigCommand extends Subcommand {
    @Option(names = "--validate", description = {"Only check the tree: list every problem, exit 78 if there is any.",
            "A password_env variable that is not set here is a warning (the service's unit sets it)."})
    boolean validate;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        Logging.quiet(false);
        PrintWriter out = out();
        RelayConfig config;
        List<ConfigProblem> unset = new ArrayList<>();
        try {
            // checked from a shell or `sudo -u`, where the variables the systemd unit sets are not: warnings
            config = main.config(unset::add);
        } catch (ConfigException e) {
            if (!validate || json.on()) {
                unset.forEach(p -> err().println(Main.unsetWarning(p))); // not a problem: not in the JSON's list
            }
            if (!validate && !json.on()) {
                throw e;
            }
            if (json.on()) {
                out.println(Json.problems(e.problems()));
            } else {
                e.problems().forEach(out::println);
                unset.forEach(p -> out.println(Main.unsetWarning(p)));
            }
            int n = e.problems().size();
            throw new Main.Failure(ExitStatus.CONFIG, main.configDir + ": " + n + (n == 1 ? " problem" : " problems"));
        }
        if (!validate || json.on()) {
            unset.forEach(p -> err().println(Main.unsetWarning(p)));
        }
        if (json.on()) {
            out.println(Json.config(config));
        } else if (validate) {
            unset.forEach(p -> out.println(Main.unsetWarning(p)));
            for (ConfigProblem p : DomainRole.warnings(config)) {
                out.println("warning: " + p);
            }
            out.printf("%s: OK (%d domains, %d mappings, %d users)%n", main.configDir, config.domains().size(),
                    config.mappings().size(), config.users().size());
        } else {
            out.print(IniConfig.describe(config));
        }
        return 0;
    }
}
