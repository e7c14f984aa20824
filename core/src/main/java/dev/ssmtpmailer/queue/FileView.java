package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a spool directory's entries straight from the files, for the owner and for any other process alike:
 * every file is replaced by an atomic rename, so a reader sees an old or a new state, never a torn one.
 * Entries are listed in file-name order, which is age order: an id starts with its creation time.
 */
final class FileView {
    private static final Logger log = LoggerFactory.getLogger(QueueStore.class);

    /** Up to this many entries, a listing keeps the first names in a heap (else it sorts them all). */
    private static final int SHORT = 4096;

    private final SpoolFiles files;

    FileView(SpoolFiles files) {
        this.files = files;
    }

    /** @see QueueStore#show */
    Optional<QueueEntry> show(QueueId id) {
        Optional<QueueEntry> queued = read(files.queue, id);
        return queued.isPresent() ? queued : read(files.dead, id);
    }

    /**
     * @see QueueStore#list
     */
    Stream<QueueEntry> list(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        // an iterator rather than Stream.concat or flatMap, which list or read ahead
        Iterator<QueueEntry> entries = new Entries(limit);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED | Spliterator.NONNULL),
                false).limit(limit);
    }

    /** The entries of queue/, then of dead/: each directory listed when it is reached, each entry read when asked for. */
    private final class Entries implements Iterator<QueueEntry> {
        private final Iterator<Path> dirs = List.of(files.queue, files.dead).iterator();
        private final int limit;
        private int given;
        private Path dir;
        private Iterator<QueueId> ids = Collections.emptyIterator();
        /** The ids of {@link #dir} that had a state file when it was listed; {@code null} when not collected. */
        private Set<String> states;
        private QueueEntry next;

        Entries(int limit) {
            this.limit = limit;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (ids.hasNext()) {
                    QueueId id = ids.next();
                    next = read(dir, id, false, states != null && !states.contains(id.value())).orElse(null);
                } else if (dirs.hasNext() && given < limit) {
                    dir = dirs.next();
                    // a long listing notes which messages have a state file, so that the others' envelope is read
                    // without trying for a state file first (and failing with an exception each)
                    states = limit - given > SHORT ? new HashSet<>() : null;
                    ids = ids(dir, limit - given, states).iterator();
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public QueueEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            QueueEntry e = next;
            next = null;
            given++;
            return e;
        }
    }

    /** @return the number of queued messages and the age of the oldest, read from the files */
    StoreStats stats(Instant now) {
        List<QueueId> queued = ids(files.queue);
        Duration oldest = queued.stream().map(id -> read(files.queue, id, false, false)).filter(Optional::isPresent).map(Optional::get).findFirst()
                .map(e -> Duration.between(e.created(), now)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
        return new StoreStats(queued.size(), oldest);
    }

    /** @return the ids of the messages in {@code dir}, in name order */
    List<QueueId> ids(Path dir) {
        return ids(dir, Integer.MAX_VALUE, null);
    }

    /**
     * @param states if not {@code null}, receives the ids in {@code dir} that have a state file
     * @return the ids of the first {@code limit} messages in {@code dir} in name order: one pass over the directory
     *         that keeps only the {@code limit} smallest names (a heap), so a short listing of a deep queue sorts
     *         nothing else
     */
    private List<QueueId> ids(Path dir, int limit, Set<String> states) {
        boolean all = limit > SHORT;
        List<String> names = new ArrayList<>();
        PriorityQueue<String> first = new PriorityQueue<>(Comparator.reverseOrder());
        try {
            for (String name : SpoolFiles.names(dir)) {
                if (states != null && name.endsWith(SpoolFiles.ENV)) {
                    states.add(name.substring(0, name.length() - SpoolFiles.ENV.length()));
                }
                if (!name.endsWith(SpoolFiles.MSG)) {
                    continue;
                }
                String id = name.substring(0, name.length() - SpoolFiles.MSG.length());
                if (all) {
                    names.add(id);
                } else if (first.size() < limit) {
                    first.add(id);
                } else if (limit > 0 && id.compareTo(first.peek()) < 0) {
                    first.poll();
                    first.add(id);
                }
            }
        } catch (IOException e) {
            throw new SpoolException(files.root, "cannot list " + dir + ": " + e, e);
        }
        names.addAll(first);
        names.sort(null);
        return names.stream().limit(limit).map(QueueId::new).toList();
    }

    /**
     * @return the message's current state in {@code dir}, or empty when it is gone (delivered or moved meanwhile)
     * @throws SpoolException if its files cannot be read or are damaged
     */
    Optional<QueueEntry> read(Path dir, QueueId id) {
        return read(dir, id, true, false);
    }

    /**
     * @param strict whether a damaged entry is an error rather than skipped (else it is recovery's case)
     * @param stateless whether the listing showed no state file: the envelope in front of the message is read
     *        directly (a state written since makes the entry appear in its older state, as a listing may)
     * @return the entry, or empty when it is gone (delivered or moved meanwhile)
     */
    private Optional<QueueEntry> read(Path dir, QueueId id, boolean strict, boolean stateless) {
        try {
            return Optional.of(stateless ? EntryFormat.readHeader(files.msg(dir, id)).entry() : files.readEntry(dir, id));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            if (strict) {
                // An IOException's message may be just the path (AccessDeniedException): its class is the reason
                String reason = e instanceof IOException ? e.toString() : e.getMessage();
                throw new SpoolException(files.root, "cannot read entry " + id + ": " + reason, e);
            }
            log.debug("skipping unreadable spool entry {} in {}: {}", id, dir, e.getMessage());
            return Optional.empty();
        }
    }
}
