package dev.ssmtpmailer.server;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free space on the file system of {@code spool_dir}, checked at each {@code MAIL FROM} (Postfix's
 * {@code queue_minfree}): below {@code min_free_space} a new message gets {@code 452 4.3.1}, so that a full disk
 * turns into clients retrying later rather than into messages the spool cannot store.
 */
final class FreeSpace {
    private final Path dir;
    private final long minimum;
    private final ClientLog log;
    /**
     * The spool directory's file store, once the directory exists: finding it reads the mount table, which at each
     * {@code MAIL FROM} cost more CPU and allocation than the rest of the check; its free space is asked each time.
     */
    private volatile FileStore store;

    /**
     * @param dir {@code spool_dir}, or {@code null} for no check
     * @param minimum {@code min_free_space} in bytes, 0 for no check
     * @param log where a refusal is reported (rate-limited)
     */
    FreeSpace(Path dir, long minimum, ClientLog log) {
        this.dir = dir;
        this.minimum = minimum;
        this.log = log;
    }

    /** @return whether a new message may be accepted: enough space, or no check, or a space that cannot be known */
    boolean enough() {
        if (minimum <= 0 || dir == null) {
            return true;
        }
        long usable = usable();
        if (usable < 0 || usable >= minimum) {
            return true;
        }
        log.warn("only {} bytes free on the file system of spool_dir {}, below min_free_space {}: new mail gets 452 4.3.1",
                usable, dir, minimum);
        return false;
    }

    /** @return the usable bytes on the file system that holds (or will hold) the directory, or -1 when unknown */
    private long usable() {
        try {
            FileStore known = store;
            if (known != null) {
                return known.getUsableSpace();
            }
        } catch (IOException e) {
            return -1;
        }
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent(); // the spool creates its directory on first use
        }
        if (p == null) {
            return -1;
        }
        try {
            FileStore found = Files.getFileStore(p);
            if (p.equals(dir.toAbsolutePath())) {
                store = found; // a parent's store may not be the directory's, once the spool creates it
            }
            return found.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
