package dev.ssmtpmailer.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real SMTP clients ({@code swaks}, Postfix's {@code smtp-source}); skips when they are missing. */
final class Tools {
    private Tools() {
    }

    /** A finished command. */
    record Result(int exit, String output) {
    }

    /** @return the path of a tool, or skips (fails with {@code SSMTP_REQUIRE_PEERS=1}) when it is not installed */
    static String require(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String why = name + " is not installed (apt-get install swaks postfix)";
        if ("1".equals(System.getenv("SSMTP_REQUIRE_PEERS"))) {
            fail(why);
        }
        Assumptions.abort(why);
        return name;
    }

    static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command.get(0) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
