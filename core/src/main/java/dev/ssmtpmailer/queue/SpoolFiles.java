package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory layout of a spool and the few file operations that make it durable. Shared by the owning
 * {@link FileQueueStore} and by {@link FileAdmin} of another process.
 *
 * <pre>
 * spool_dir/
 *   spool.lock          held (fcntl lock) by the process that delivers
 *   incoming/           files being written; never acknowledged; emptied on open
 *   queue/ID.msg        the envelope as accepted, then the message bytes: one file, committed by its rename into
 *                       queue/ and made durable by a record in journal/ (group commit, see {@link SpoolAccept})
 *   queue/ID.env        the current state, once it differs from the accepted envelope (supersedes it)
 *   dead/ID.msg, ID.env, (ID.reason)             dead letters
 *   control/retry.ID, retry.ALL, purge.ID        requests of other processes to the owner
 *   journal/NNNN.jnl    copies of recently accepted message files, fsynced for several accepts at once
 *   spare/N             removed message files kept for reuse by the next accepts (no inode per message)
 * </pre>
 *
 * <p>Directories are created 0700 and files 0600 whatever the umask (on POSIX file systems): queued mail is
 * readable by the relay's own user only. A spool directory found more open than that is closed at start, with
 * a WARN.
 */
final class SpoolFiles {
    private static final Logger log = LoggerFactory.getLogger(SpoolFiles.class);
    static final String MSG = ".msg";
    static final String ENV = ".env";
    static final String TMP = ".tmp";
    /** The mode of spool directories: the relay's user only. */
    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /** The mode of spool files: the relay's user only. */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** Whether the default file system has POSIX modes (not on Windows). */
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FILE_MODE);

    final Path root;
    final Path incoming;
    final Path queue;
    final Path dead;
    final Path control;
    final Path journal;
    final Path spare;
    private final GroupSync queueSync;
    /** The owner's journal, once recovery is done; {@code null} in another process. */
    private volatile SpoolJournal journalInUse;
    /** The owner's spare files, where removed message files go; {@code null} in another process (they are deleted). */
    private volatile SpareFiles sparesInUse;

    private SpoolFiles(Path root) {
        this.root = root.toAbsolutePath();
        this.incoming = this.root.resolve("incoming");
        this.queue = this.root.resolve("queue");
        this.dead = this.root.resolve("dead");
        this.control = this.root.resolve("control");
        this.journal = this.root.resolve("journal");
        this.spare = this.root.resolve("spare");
        this.queueSync = new GroupSync(queue);
    }

    /** fsyncs {@code dir}; for queue/, shared with concurrent callers (see {@link GroupSync}). */
    void sync(Path dir) throws IOException {
        if (dir.equals(queue)) {
            queueSync.sync();
        } else {
            fsyncDir(dir);
        }
    }

    static SpoolFiles create(Path root) {
        SpoolFiles f = new SpoolFiles(root);
        try {
            for (Path d : List.of(f.incoming, f.queue, f.dead, f.control, f.journal, f.spare)) {
                if (POSIX) {
                    Files.createDirectories(d, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } else {
                    Files.createDirectories(d);
                }
            }
            if (POSIX) {
                for (Path d : List.of(f.root, f.incoming, f.queue, f.dead, f.control, f.journal, f.spare)) {
                    closeToOthers(d);
                }
            }
            fsyncDir(f.root);
        } catch (IOException e) {
            throw new SpoolException(f.root, "cannot create the spool directories: " + e, e);
        }
        return f;
    }

    /** Sets {@code dir} to 0700 with a WARN when its group or others have any access. */
    private static void closeToOthers(Path dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (!DIR_MODE.containsAll(perms)) {
            String was = PosixFilePermissions.toString(perms);
            try {
                Files.setPosixFilePermissions(dir, DIR_MODE);
                log.warn("spool directory {} was {} (readable by other local users); set to rwx------", dir, was);
            } catch (IOException e) {
                log.warn("spool directory {} is {} (readable by other local users) and cannot be changed: {}", dir, was,
                        e.toString());
            }
        }
    }

    /** Opens {@code file} with {@code options}, creating it 0600 where the file system has POSIX modes. */
    static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        if (POSIX) {
            return FileChannel.open(file, set, FILE_ATTRIBUTE);
        }
        return FileChannel.open(file, set, new FileAttribute<?>[0]);
    }

    static SpoolFiles existing(Path root) {
        SpoolFiles f = new SpoolFiles(root);
        SpoolAccess.requireEnterable(f.root);
        if (!Files.isDirectory(f.queue) || !Files.isDirectory(f.dead) || !Files.isDirectory(f.control)) {
            throw new SpoolException(f.root, "not a spool directory (no queue/, dead/ and control/)", null);
        }
        return f;
    }

    /**
     * @return a new id: the creation time in base 36 milliseconds (8 characters until 2059), then 8 random
     *         characters, so that ids sort by age
     */
    static QueueId newId(Instant created) {
        StringBuilder b = FileIndex.Slot.base36(new StringBuilder(17), created.toEpochMilli()).append('-');
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) {
            b.append(FileIndex.Slot.DIGITS.charAt(r.nextInt(36)));
        }
        return new QueueId(b.toString());
    }

    /** @return the lock, or empty when another process (or another spool of this JVM) holds it */
    Optional<FileLock> tryLock() {
        FileChannel ch = null;
        try {
            ch = open(root.resolve("spool.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new SpoolException(root, "cannot lock spool.lock: " + e, e);
        }
    }

    static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.debug("releasing the spool lock failed: {}", e.toString());
        }
    }

    Path msg(Path dir, QueueId id) {
        return dir.resolve(id.value().concat(MSG)); // concat: one copy, no builder (several times per message)
    }

    Path env(Path dir, QueueId id) {
        return dir.resolve(id.value().concat(ENV));
    }

    /**
     * Opens the data of a queued message: the message file, positioned behind its envelope.
     *
     * @param known the message's envelope and where its data starts, when known (else {@code null} or a negative
     *        offset: the envelope is read to find them)
     * @throws NoSuchFileException if the message is not (or no longer) queued
     * @throws IOException if the file cannot be read or has no complete envelope; reading the stream throws an
     *         {@link java.io.EOFException} if the file ends before the message's size
     */
    InputStream openData(QueueId id, EntryFormat.Header known) throws IOException {
        Path file = msg(queue, id);
        EntryFormat.Header h;
        try {
            h = known != null && known.offset() >= 0 ? known : EntryFormat.readHeader(file);
        } catch (IllegalArgumentException e) {
            throw new IOException("the message file of " + id + " is damaged: " + e.getMessage(), e);
        }
        // not buffered: the readers copy in blocks (the SMTP client into its connection's buffer); positioned
        // rather than skipped, which asks for the position and the length first (three calls instead of one)
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ch.position(h.offset());
            return new MessageData(Channels.newInputStream(ch), id, file, h.entry().size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The current state of a queued message and where its data starts, checked against the message file: this is
     * where the owner first reads the envelope of a message (at its claim), so damage shows here.
     *
     * @throws NoSuchFileException if the message is not (or no longer) queued
     * @throws IllegalArgumentException if the envelope or the state is damaged, or the data has another size
     */
    EntryFormat.Header readQueued(QueueId id) throws IOException {
        Path file = msg(queue, id);
        EntryFormat.Header accepted = EntryFormat.readHeader(file);
        EntryFormat.Header current;
        try {
            current = new EntryFormat.Header(readEnv(env(queue, id)), accepted.offset(), true);
        } catch (NoSuchFileException e) {
            current = accepted;
        }
        long data = Files.size(file) - accepted.offset();
        if (data != current.entry().size()) {
            throw new IllegalArgumentException("the message has " + data + " bytes, the envelope says " + current.entry().size());
        }
        return current;
    }

    /** The owner's journal: from now on removals and state writes release the messages it vouches for. */
    void useJournal(SpoolJournal j) {
        this.journalInUse = j;
    }

    /** @return the owner's journal, {@code null} in another process */
    SpoolJournal journalInUse() {
        return journalInUse;
    }

    /** The owner's spare files: from now on a removed message's file is kept there for reuse. */
    void useSpares(SpareFiles s) {
        this.sparesInUse = s;
    }

    /**
     * Writes a new state file next to the old one, fsyncs it, renames it over the old one, fsyncs the directory.
     * A message that the journal vouches for gets its own file fsynced first (the state may move it to dead/, and
     * the journal lets go of it after this write).
     */
    void writeEnv(Path dir, QueueEntry entry) throws IOException {
        QueueId id = entry.id();
        SpoolJournal j = journalInUse;
        boolean vouched = j != null && dir.equals(queue) && j.vouchesFor(id);
        if (vouched) {
            try (FileChannel ch = FileChannel.open(msg(queue, id), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        move(writeNextEnv(dir, id, EntryFormat.encode(entry)), env(dir, id));
        sync(dir); // also makes the message file's name durable, renamed into queue/ when accepted
        if (vouched) {
            j.release(id);
        }
    }

    /** Writes a new state of message {@code id} beside its state file, fsynced; returns it, to be renamed over that. */
    Path writeNextEnv(Path dir, QueueId id, byte[] state) throws IOException {
        return writeSynced(dir.resolve(id.value() + ENV + TMP), state);
    }

    /** @return whether the group-commit journal still vouches for this queued message's file (see {@link #writeEnv}) */
    boolean journalVouchesFor(QueueId id) {
        SpoolJournal j = journalInUse;
        return j != null && j.vouchesFor(id);
    }

    QueueEntry readEnv(Path file) throws IOException {
        return EntryFormat.decode(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The current state of a message: its state file when it has one, else the envelope in front of its data.
     *
     * @throws NoSuchFileException if the message is not (or no longer) in {@code dir}
     */
    QueueEntry readEntry(Path dir, QueueId id) throws IOException {
        try {
            return readEnv(env(dir, id));
        } catch (NoSuchFileException e) {
            return EntryFormat.readHeader(msg(dir, id)).entry();
        }
    }

    static QueueId idOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        return new QueueId(name.substring(0, name.length() - suffix.length()));
    }

    /**
     * @return the names in {@code dir}, in no order: one native listing into strings, about three times faster
     *         than a {@link java.nio.file.DirectoryStream}, which makes a {@link Path} of each (100,000 waiting messages
     *         are 200,000 names)
     * @throws IOException if {@code dir} cannot be listed
     */
    static String[] names(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        if (names == null) {
            throw new IOException("cannot list " + dir);
        }
        return names;
    }

    List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new SpoolException(root, "cannot list " + dir + ": " + e, e);
        }
    }

    /**
     * Moves a message to dead/: its final state is written first, then the message file and the state file are
     * renamed (message first: a state file in queue/ whose message is already in dead/ is a move to finish, see
     * recovery).
     */
    void moveToDead(QueueEntry deadEntry) throws IOException {
        writeEnv(queue, deadEntry);
        QueueId id = deadEntry.id();
        if (Files.exists(msg(queue, id))) {
            move(msg(queue, id), msg(dead, id));
        }
        move(env(queue, id), env(dead, id));
        fsyncDir(dead);
        sync(queue);
    }

    /**
     * Moves a damaged message (its message file, and its state file if any) to dead/ with a {@code .reason} file. A
     * reason already there is kept: it is an earlier move's, cut short after the reason (its message file may be in
     * dead/ already, so that this run's read failed only for that), and this run moves what is left.
     */
    void moveCorruptToDead(QueueId id, String reason) throws IOException {
        Path reasonFile = dead.resolve(id.value() + ".reason");
        if (!Files.isRegularFile(reasonFile)) {
            writeSynced(reasonFile, (reason + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (Files.exists(msg(queue, id))) {
            move(msg(queue, id), msg(dead, id));
        }
        if (Files.exists(env(queue, id))) {
            move(env(queue, id), env(dead, id));
        }
        fsyncDir(dead);
        fsyncDir(queue);
        release(id);
    }

    /**
     * Deletes a message of {@code dir} durably (a dead letter the operator purges): the message file first, so
     * that a state file left alone means "finished".
     */
    void delete(Path dir, QueueId id) throws IOException {
        Files.deleteIfExists(msg(dir, id));
        Files.deleteIfExists(env(dir, id));
        Files.deleteIfExists(dir.resolve(id.value() + ".reason"));
        sync(dir);
    }

    /**
     * Deletes a dead letter (the operator purges it); the owner never changes dead letters, so this needs no lock.
     *
     * @return whether there was one
     */
    boolean deleteDead(QueueId id) throws IOException {
        if (!Files.exists(msg(dead, id)) && !Files.exists(env(dead, id))) {
            return false;
        }
        delete(dead, id);
        return true;
    }

    /**
     * Removes a message delivered to every recipient, without an fsync: a crash before the file system writes the
     * removal out brings the message back, and it is sent once more (at-least-once, like Postfix). The message
     * file goes first: were only the state file removed, the envelope in front of the data (every recipient
     * pending) would be in force again, and recipients delivered by an earlier attempt would get it again too.
     */
    void remove(QueueId id) throws IOException {
        remove(id, null);
    }

    /**
     * The same, for a message whose state the caller knows (the owner's index): its file's length is not asked
     * again, and a message whose state is its envelope has no state file to remove.
     *
     * @param known the message's state as last read or written, or {@code null} if not known
     */
    void remove(QueueId id, EntryFormat.Header known) throws IOException {
        SpareFiles spares = sparesInUse;
        if (spares != null) {
            // renamed, not deleted: for the next accept (see SpareFiles)
            spares.give(msg(queue, id), known == null ? -1 : known.fileLength());
        } else {
            Files.deleteIfExists(msg(queue, id));
        }
        if (known == null || known.stateFile()) {
            Files.deleteIfExists(env(queue, id));
        }
        release(id);
    }

    private void release(QueueId id) throws IOException {
        SpoolJournal j = journalInUse;
        if (j != null) {
            j.release(id);
        }
    }

    static Path writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, content);
            ch.force(true);
        }
        return file;
    }

    static void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // every spool directory lives on one file system, so this means a misconfigured mount
            throw new IOException("the spool needs atomic renames between " + from.getParent() + " and " + to.getParent(), e);
        }
    }

    /** Makes renames and deletions in {@code dir} durable (Linux: fsync on the directory). */
    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory; Linux, where durability is promised, can
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do: the lock was not taken
            }
        }
    }
}
