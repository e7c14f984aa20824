package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a spool directory to a consistent state after any crash, when its owner opens it, and builds the
 * owner's {@link FileIndex}: unacknowledged files are removed, interrupted moves finished, damaged entries moved
 * to dead/ with a reason (never deleted), finished messages removed or dead-lettered, and every other queued
 * message indexed at its due time. The steps and why they are safe are in {@code docs/queue.md}.
 */
final class FileRecovery {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

    private final SpoolFiles files;
    private final FileIndex index = new FileIndex();
    private int leftovers;
    private int corrupt;

    private FileRecovery(SpoolFiles files) {
        this.files = files;
    }

    /** @return the index of the queued messages, after recovery */
    static FileIndex recover(SpoolFiles files) throws IOException {
        FileRecovery r = new FileRecovery(files);
        r.run();
        return r.index;
    }

    private void run() throws IOException {
        for (Path p : files.files(files.incoming, "")) {
            Files.deleteIfExists(p);
            leftovers++;
        }
        // one listing of queue/: a message's state file is looked up in it rather than tried (and missed) on disk
        List<Path> queued = files.files(files.queue, "");
        Set<String> states = new HashSet<>();
        for (Path p : queued) {
            String name = p.getFileName().toString();
            if (name.endsWith(SpoolFiles.TMP)) {
                // an interrupted state update: the previous state file is still in place and valid
                Files.deleteIfExists(p);
                leftovers++;
            } else if (name.endsWith(SpoolFiles.ENV)) {
                states.add(name.substring(0, name.length() - SpoolFiles.ENV.length()));
            }
        }
        for (Path p : queued) {
            if (p.getFileName().toString().endsWith(SpoolFiles.MSG)) {
                recoverMessage(p, states);
            }
        }
        for (Path p : files.files(files.queue, SpoolFiles.ENV)) { // listed again: damaged messages took theirs along
            recoverLoneState(p);
        }
        SpoolFiles.fsyncDir(files.queue);
        if (leftovers > 0 || corrupt > 0 || index.size() > 0) {
            log.debug("spool {} recovered: {} queued, {} unacknowledged leftovers removed, {} damaged moved to dead/",
                    files.root, index.size(), leftovers, corrupt);
        }
    }

    private void recoverMessage(Path msgFile, Set<String> states) throws IOException {
        QueueId id = SpoolFiles.idOf(msgFile, SpoolFiles.MSG);
        QueueEntry e;
        long offset;
        try {
            EntryFormat.Header accepted = EntryFormat.readHeader(msgFile);
            offset = accepted.offset();
            e = states.contains(id.value()) ? files.readEnv(files.env(files.queue, id)) : accepted.entry();
        } catch (IOException | IllegalArgumentException ex) {
            toDead(id, "unreadable envelope: " + ex.getMessage());
            return;
        }
        long dataSize = Files.size(msgFile) - offset;
        if (dataSize != e.size()) {
            toDead(id, "the message has " + dataSize + " bytes, the envelope says " + e.size());
            return;
        }
        if (e.dead()) {
            files.moveToDead(e); // a move to dead/ that had written its final state
        } else if (!e.pending().isEmpty()) {
            index.add(id, e.created(), e.nextAttempt());
        } else if (e.recipients().stream().allMatch(r -> r.state() == RecipientState.DELIVERED)) {
            files.remove(id); // delivered to everyone, the removal had not happened yet
        } else {
            files.moveToDead(e.dead(e.failureReason()));
        }
    }

    /** A state file without its message file: a move to dead/ to finish, or an interrupted removal. */
    private void recoverLoneState(Path envFile) throws IOException {
        QueueId id = SpoolFiles.idOf(envFile, SpoolFiles.ENV);
        if (Files.exists(files.msg(files.queue, id))) {
            return;
        }
        if (Files.exists(files.msg(files.dead, id))) {
            // a move to dead/ was interrupted between its two renames
            SpoolFiles.move(envFile, files.env(files.dead, id));
            SpoolFiles.fsyncDir(files.dead);
        } else {
            // the removal of a delivered message was interrupted: its message file goes first
            Files.deleteIfExists(envFile);
            leftovers++;
        }
    }

    private void toDead(QueueId id, String reason) throws IOException {
        files.moveCorruptToDead(id, reason);
        log.warn("spool entry {} is damaged and was moved to {}: {}", id, files.dead, reason);
        corrupt++;
    }
}
