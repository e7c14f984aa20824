package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the command in this JVM with captured output, as {@code java -jar} would. */
final class Cli {
    private Cli() {
    }

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {
    }

    /** @return the command line {@code --config-dir TREE COMMAND ARGS...} */
    static String[] onTree(Path tree, String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--config-dir";
        all[1] = tree.toString();
        all[2] = command;
        System.arraycopy(args, 0, all, 3, args.length);
        return all;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    /**
     * @param prepare sees every command object picocli makes, before it runs (to give it a standard input)
     * @param args the command line
     * @return what the run printed and returned
     */
    static Result run(Consumer<Object> prepare, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                prepare.accept(made);
                return made;
            }
        };
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), factory);
        return new Result(status, out.toString(), err.toString());
    }
}
