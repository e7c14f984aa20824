package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.postgres.DatabaseException;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.queue.MessageContent;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.SpoolExport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code queue import [--from DIR]}: moves every message of a file spool (no {@code serve} running on it) into the
 * shared database of {@code queue_backend = postgres}, one message at a time: stored and committed there, then
 * deleted from the directory. Each keeps its id, next attempt, dead-letter reason and every recipient's state and
 * attempts. Running it again after an interruption finishes the move: a message already in the database is only
 * deleted from the directory.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Move every message of a file spool (stop its serve first) into the shared database",
                "(queue_backend = postgres), keeping ids, recipient states, attempts and next attempts.",
                "Safe to run again after an interruption."})
final class QueueImportCommand implements Callable<Integer> {
    @ParentCommand
    QueueCommand queue;

    @Option(names = "--from", paramLabel = "DIR", description = "The file spool to empty (default: spool_dir of the configuration).")
    Path from;

    @Override
    public Integer call() throws IOException {
        Logging.quiet(false);
        // [global] alone: the database's keys and spool_dir (a domain's password_env need not be set here)
        RelayConfig config = queue.main.global();
        if (!config.global().queue().postgres()) {
            throw new Main.Failure(ExitStatus.CONFIG, "queue import: the configuration's queue_backend is "
                    + config.global().queue().backend() + "; it moves a file spool into the database of queue_backend = postgres");
        }
        Path dir = from != null ? from : config.global().spoolDir();
        QueueCommand.requireOwner(dir, "import", queue.user);
        long moved = 0;
        long present = 0;
        long left = 0;
        PrintWriter err = queue.err();
        try (SpoolExport spool = SpoolExport.open(dir);
             PostgresBackend backend = PostgresBackend.forConfig(config).orElseThrow();
             Stream<QueueEntry> entries = spool.entries()) {
            Progress progress = new Progress(err, "import", spool.count(), Progress.terminal());
            for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                boolean stored;
                try (InputStream in = spool.openMessage(e)) {
                    stored = backend.importMessage(e, MessageContent.of(in));
                } catch (IOException x) {
                    if (x.getCause() instanceof DatabaseException d) {
                        throw d; // the database is gone: stop here; running the command again goes on from here
                    }
                    // a damaged or vanished file: keep it where it is for the operator, move the others
                    err.printf("queue import: %s stays in %s: %s%n", e.id().value(), dir, x.getMessage());
                    left++;
                    continue;
                }
                spool.remove(e);
                moved += stored ? 1 : 0;
                present += stored ? 0 : 1;
                progress.update(moved + present + left);
            }
            progress.done();
        }
        PrintWriter out = queue.out();
        out.printf("imported %d message%s from %s%s%n", moved, moved == 1 ? "" : "s", dir,
                present == 0 ? "" : " (" + present + " already in the database, removed from the directory)");
        out.flush();
        if (left > 0) {
            throw new Main.Failure(ExitStatus.DATA, "queue import: " + left + " message" + (left == 1 ? "" : "s")
                    + " could not be read and stay in " + dir);
        }
        return 0;
    }
}
