package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Group commit for the fsync of one directory: a caller's renames are durable once an fsync that started
 * after them has finished, so concurrent callers (ten SMTP sessions, the workers) share one fsync instead of
 * queueing for one each.
 */
final class GroupSync {
    private final Path dir;
    private final Object syncLock = new Object();
    private long requested;
    private long done;

    GroupSync(Path dir) {
        this.dir = dir;
    }

    void sync() throws IOException {
        long ticket;
        synchronized (this) {
            ticket = ++requested;
        }
        synchronized (syncLock) {
            long covered;
            synchronized (this) {
                if (done >= ticket) {
                    return; // an fsync that started after our rename has completed meanwhile
                }
                covered = requested;
            }
            SpoolFiles.fsyncDir(dir);
            synchronized (this) {
                done = covered;
            }
        }
    }
}
