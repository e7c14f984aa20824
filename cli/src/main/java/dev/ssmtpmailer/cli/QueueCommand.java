package dev.ssmtpmailer.cli;

import dev.ssmtpmailer.config.RelayConfig;
import dev.ssmtpmailer.postgres.PostgresBackend;
import dev.ssmtpmailer.queue.QueueControl;
import dev.ssmtpmailer.queue.QueueEntry;
import dev.ssmtpmailer.queue.QueueId;
import dev.ssmtpmailer.queue.QueueRecipient;
import dev.ssmtpmailer.queue.RecipientState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code queue list|show|retry|purge}: the spool at {@code spool_dir}, also while {@code serve} runs (changes
 * are then handed to the running server, which applies them within about a second), or the shared database;
 * {@code queue import} moves a file spool into that database ({@link QueueImportCommand}).
 */
@Command(name = "queue",
        description = {"Look at and act on the queue (spool_dir, or the shared database with queue_backend = postgres),",
                "also while `serve` runs."},
        subcommands = {QueueCommand.ListCommand.class, QueueCommand.ShowCommand.class, QueueCommand.RetryCommand.class,
                QueueCommand.PurgeCommand.class, QueueImportCommand.class})
final class QueueCommand extends Subcommand {
    @Option(names = "--spool-dir", paramLabel = "DIR", description = "The spool (default: spool_dir of the configuration).")
    Path spoolDir;

    @Override
    public Integer call() {
        throw usage("give list, show ID, retry [ID], purge ID or import [--from DIR]");
    }

    /** Who runs the command (the tests name someone else); a command that writes into a spool must be its owner. */
    User user = User.current();

    /**
     * A user of the system.
     *
     * @param uid the user's number, -1 where it cannot tell (then the names are compared)
     * @param name the user's name ({@code ?} for a uid without a passwd entry)
     */
    record User(int uid, String name) {
        /**
         * @return the process's effective user: the effective uid of /proc/self/status's {@code Uid:} line (the owner
         *     of /proc/self is root for a process that is not dumpable, such as a java given file capabilities), else
         *     the owner of /proc/self; and {@code user.name}
         */
        static User current() {
            int uid = effectiveUid(Path.of("/proc/self/status"));
            return new User(uid >= 0 ? uid : uid(Path.of("/proc/self")), System.getProperty("user.name"));
        }

        /** @return the second number of the {@code Uid:} line (real, effective, saved, file system), -1 if none */
        static int effectiveUid(Path status) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("Uid:")) {
                        String[] ids = line.substring(4).trim().split("\\s+");
                        return ids.length > 1 ? Integer.parseInt(ids[1]) : -1;
                    }
                }
            } catch (IOException | NumberFormatException | SecurityException e) {
                // no /proc here: the caller falls back
            }
            return -1;
        }

        /** @return the file's owner's number, -1 where there is no unix view */
        static int uid(Path file) {
            try {
                return (Integer) Files.getAttribute(file, "unix:uid");
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
                return -1;
            }
        }
    }

    /** @return the queue, to look at ({@code list}, {@code show}) */
    QueueControl open() {
        return open(null);
    }

    /**
     * @param writer the subcommand's name when it writes into the spool ({@code retry}, {@code purge}), else
     *        {@code null}
     * @return the queue of {@code --spool-dir}, or of the configuration's {@code [global]} (nothing else is read, so
     *         the variables of a domain's {@code password_env} need not be set)
     * @throws Main.Failure with {@link ExitStatus#NO_PERMISSION} if {@code writer} is given and the spool belongs
     *         to another user than the one running the command
     */
    QueueControl open(String writer) {
        Logging.quiet(false);
        Path dir = spoolDir;
        if (dir == null) {
            // [global] alone (spool_dir, the queue backend's keys): the variables of a domain's password_env, which
            // only the service's unit sets, need not be set here
            RelayConfig global = main.global();
            // queue_backend = postgres: the shared queue, changed directly from any instance or host, over one
            // connection (no pool) and with the schema checked, not migrated (serve migrates it)
            Optional<PostgresBackend> shared = PostgresBackend.forCommand(global);
            if (shared.isPresent()) {
                return QueueControl.of(shared.get().queueStore()); // the connection ends with the command's process
            }
            dir = global.global().spoolDir();
        }
        if (writer != null) {
            requireOwner(dir, writer, user);
        }
        return QueueControl.open(dir);
    }

    /**
     * Refuses to write into a spool as another user than its owner: files this process creates (0600, as every
     * spool file) could not be read by {@code serve}, which runs as the owner, and would end as dead letters. The
     * choice of refusing over giving the files to the owner (as Postfix's {@code postsuper} does, run as root)
     * keeps the spool's writers in one place and needs no root.
     *
     * @param dir the spool directory
     * @param command the subcommand, for the message ({@code retry})
     * @param user who runs the command: compared by uid (two names may share one, a uid may have no name), by name
     *        where the file system has no unix view
     * @throws Main.Failure with {@link ExitStatus#NO_PERMISSION} naming the owner and the command to run as it
     */
    static void requireOwner(Path dir, String command, User user) {
        String owner;
        try {
            owner = Files.getOwner(dir).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return; // missing or unreadable: opening the spool says so
        }
        int ownerUid = User.uid(dir);
        boolean same = ownerUid >= 0 && user.uid() >= 0 ? ownerUid == user.uid() : owner.equals(user.name());
        if (!same) {
            throw new Main.Failure(ExitStatus.NO_PERMISSION, "queue " + command + ": " + dir + " belongs to " + owner
                    + ", and files written as " + user.name() + " could not be read by its serve; run as " + owner
                    + ": sudo -u " + owner + " ssmtp-mailer queue " + command + " ...");
        }
    }

    static QueueId id(String text) {
        try {
            return new QueueId(text);
        } catch (IllegalArgumentException e) {
            throw new Main.Failure(ExitStatus.USAGE, "queue: '" + text + "' is not a queue id (" + e.getMessage() + ")");
        }
    }

    /** {@code queue list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Queued messages (oldest first), then dead letters; printed as they are read.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        QueueCommand queue;

        @Option(names = "--limit", paramLabel = "N", description = "Print at most N messages.")
        int limit = Integer.MAX_VALUE;

        @Option(names = "--json", description = "One JSON object: the messages and the counts (fields in docs/operations.md).")
        boolean json;

        @Override
        public Integer call() {
            if (limit < 0) {
                throw new picocli.CommandLine.ParameterException(queue.spec.commandLine(), "queue list: --limit must not be negative");
            }
            PrintWriter out = queue.out();
            QueueControl control = queue.open(); // first: a spool it cannot open prints no header before the error
            if (json) {
                return json(control, out);
            }
            out.printf("%-20s %-6s %-20s %9s %-20s %s%n", "ID", "STATE", "CREATED", "SIZE", "NEXT ATTEMPT", "SENDER -> RECIPIENTS (states)");
            long queued = 0;
            long dead = 0;
            try (Stream<QueueEntry> entries = control.list(limit)) {
                for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                    dead += e.dead() ? 1 : 0;
                    queued += e.dead() ? 0 : 1;
                    out.printf("%-20s %-6s %-20s %9d %-20s %s -> %s (%s)%n", e.id().value(), e.dead() ? "dead" : "queued",
                            seconds(e.created()), e.size(), e.dead() ? "-" : seconds(e.nextAttempt()),
                            e.sender() == null ? "<>" : e.sender().address(),
                            String.join(", ", e.recipients().stream().map(r -> r.original().address()).toList()), states(e));
                }
            }
            out.printf("%d queued, %d dead%s%n", queued, dead, queued + dead == limit ? " shown (--limit " + limit + ")" : "");
            out.flush();
            return 0;
        }

        /** @return the time to the second ({@code 2026-11-27T21:05:00Z}); no pattern per line of a long listing */
        private static String seconds(Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }

        /** Streams {@code {"messages":[...],"queued":N,"dead":N}}: a long queue is never held in memory. */
        private int json(QueueControl control, PrintWriter out) {
            long queued = 0;
            long dead = 0;
            out.print("{\"messages\":[");
            try (Stream<QueueEntry> entries = control.list(limit)) {
                for (QueueEntry e : (Iterable<QueueEntry>) entries::iterator) {
                    out.print((queued + dead == 0 ? "" : ",") + Json.queueEntry(e));
                    dead += e.dead() ? 1 : 0;
                    queued += e.dead() ? 0 : 1;
                }
            }
            out.printf("],\"queued\":%d,\"dead\":%d}%n", queued, dead);
            out.flush();
            return 0;
        }

        /** @return "1 of 2 pending" for a queued message; for a dead letter how many are delivered, failed, purged */
        static String states(QueueEntry e) {
            if (!e.dead()) {
                return e.pending().size() + " of " + e.recipients().size() + " pending";
            }
            Map<RecipientState, Long> counts = e.recipients().stream()
                    .collect(Collectors.groupingBy(QueueRecipient::state, () -> new EnumMap<>(RecipientState.class), Collectors.counting()));
            return String.join(", ", counts.entrySet().stream()
                    .map(c -> c.getValue() + " " + c.getKey().name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /** {@code queue show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "One message: envelope and every recipient's state (never its content).")
    static final class ShowCommand implements Callable<Integer> {
        @ParentCommand
        QueueCommand queue;

        @Parameters(paramLabel = "ID", description = "Queue id, as `queue list` shows it.")
        String id;

        @Option(names = "--json", description = "The message as one JSON object (fields in docs/operations.md).")
        boolean json;

        @Override
        public Integer call() {
            QueueEntry e = queue.open().show(id(id))
                    .orElseThrow(() -> new Main.Failure(ExitStatus.DATA, "queue: no message " + id + " in the spool"));
            PrintWriter out = queue.out();
            if (json) {
                out.println(Json.queueEntry(e));
                out.flush();
                return 0;
            }
            out.printf("id:       %s%nstate:    %s%ncreated:  %s%nsender:   %s%nsize:     %d bytes%n", e.id().value(),
                    e.dead() ? "dead: " + e.deadReason() : "queued", e.created(), e.sender() == null ? "<>" : e.sender().address(), e.size());
            if (!e.dead()) {
                out.printf("next:     %s%n", e.nextAttempt());
            }
            for (QueueRecipient r : e.recipients()) {
                out.printf("rcpt:     %s -> %s via %s: %s after %d attempt%s%s%n", r.original().address(), r.deliverTo().address(),
                        r.account(), r.state().name().toLowerCase(Locale.ROOT), r.attempts(), r.attempts() == 1 ? "" : "s",
                        r.lastReply().isEmpty() ? "" : " (" + r.lastReply() + ")");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code queue retry [ID]}. */
    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Make one queued message (or all) due now.")
    static final class RetryCommand implements Callable<Integer> {
        @ParentCommand
        QueueCommand queue;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "Queue id; without it, every queued message.")
        String id;

        @Override
        public Integer call() {
            QueueControl control = queue.open("retry");
            if (id == null) {
                // one request for the whole queue: one UPDATE in the database, one batched write on the file store
                int n = control.retryAll();
                queue.out().printf("retry requested for %d queued message%s%n", n, n == 1 ? "" : "s");
            } else {
                if (!control.retryNow(id(id))) {
                    throw new Main.Failure(ExitStatus.DATA, "queue: no queued message " + id);
                }
                queue.out().printf("retry requested for %s%n", id);
            }
            queue.out().flush();
            return 0;
        }
    }

    /** {@code queue purge ID}. */
    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = {"Stop delivering a queued message (it moves to the dead letters, reason `purged by operator`),",
                    "or delete a dead letter."})
    static final class PurgeCommand implements Callable<Integer> {
        @ParentCommand
        QueueCommand queue;

        @Parameters(paramLabel = "ID", description = "Queue id.")
        String id;

        @Override
        public Integer call() {
            if (!queue.open("purge").purge(id(id))) {
                throw new Main.Failure(ExitStatus.DATA, "queue: no message " + id + " in the spool");
            }
            queue.out().printf("purged %s%n", id);
            queue.out().flush();
            return 0;
        }
    }
}
