package dev.ssmtpmailer.queue;

import static dev.ssmtpmailer.queue.SpoolJournalTest.commit;
import static dev.ssmtpmailer.queue.SpoolJournalTest.leftByAStop;
import static dev.ssmtpmailer.queue.SpoolJournalTest.names;
import static dev.ssmtpmailer.queue.SpoolJournalTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.ssmtpmailer.testing.Await;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adoption and the settle when one message fails where no file is to blame: its journal record cannot be read,
 * or the settle's task for it throws something other than an {@link IOException}. Faults are forced through
 * {@link JournalReplay#fault}.
 */
class JournalReplayTest {
    @TempDir
    Path dir;

    @AfterEach
    void noFault() {
        JournalReplay.fault = (id, record) -> { };
    }

    @Test
    void adopt_oneRecordCannotBeRead_itsSegmentStays_andTheNextStartRestoresIt() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        List<QueueId> ids = leftByAStop(files, 6); // segments of four: ids 0-3, then 4 and 5
        List<String> left = names(files.journal);
        QueueId bad = ids.get(0);
        failOn(bad, true, new IOException("journal segment shorter than when it was read"));
        SpoolJournal journal = SpoolJournal.open(files, 4096);
        journal.adopt(files, () -> false);
        JournalReplay.fault = (id, record) -> { };
        assertThat(journal.unresolved()).containsExactly(bad.value());

        for (QueueId id : ids.subList(1, 5)) {
            journal.release(id);
        }
        assertThat(adopted(journal)).isNotSameAs(AdoptedIds.none()); // one adopted message is still to be released
        journal.release(ids.get(5));
        assertThat(adopted(journal)).isSameAs(AdoptedIds.none());
        assertThat(names(files.journal)).containsAll(left); // the bad one's segment is the oldest: every one stays
        journal.close();

        SpoolJournal next = SpoolJournal.open(files, 4096);
        next.adopt(files, () -> false);
        assertThat(next.unresolved()).isEmpty();
        assertThat(Files.readAllBytes(files.msg(files.queue, bad))).isEqualTo(record(0));
        assertThat(ids).filteredOn(next::vouchesFor).containsExactly(bad); // the others' releases were written
        next.close();
    }

    @Test
    void settle_anErrorInOneFsyncTask_failsTheSettle_andKeepsTheSegmentsFromItsOn() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        QueueId bad = leftByAStop(files, 6).get(4); // in the second segment, with the fifth
        List<String> fromItsOn = names(files.journal).subList(1, names(files.journal).size());
        failOn(bad, false, new AssertionError("an Error on a settle thread"));

        assertThatIOException().isThrownBy(() -> JournalReplay.settle(files)).withMessageContaining(bad.value());

        assertThat(names(files.journal)).isEqualTo(fromItsOn);
        JournalReplay.fault = (id, record) -> { };
        assertThat(JournalReplay.settle(files)).isEqualTo(1);
        assertThat(Files.readAllBytes(files.msg(files.queue, bad))).isEqualTo(record(4));
        assertThat(names(files.journal)).isEmpty();
    }

    @Test
    void settle_moreMessagesThanCanWait_theCallerRunsSome_andARuntimeExceptionFailsOnlyItsMessage() throws Exception {
        SpoolFiles files = SpoolFiles.create(dir);
        SpoolJournal first = SpoolJournal.open(files, 4096);
        List<QueueId> ids = commit(first, 100); // 16 threads and 64 waiting: the 81st runs on the caller
        first.close();
        QueueId bad = ids.get(90);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicBoolean callerRan = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        JournalReplay.fault = (id, record) -> {
            if (record) {
                return;
            }
            threads.add(Thread.currentThread().getName());
            if (Thread.currentThread() == caller) {
                callerRan.set(true);
            } else { // the pool's threads wait until the queue is full
                Await.until("the caller to run a task", callerRan::get);
            }
            if (id.equals(bad)) {
                throw new IllegalStateException("a bug on a settle thread");
            }
        };

        assertThatIOException().isThrownBy(() -> JournalReplay.settle(files)).withMessageContaining(bad.value());

        assertThat(threads).contains(caller.getName(), "ssmtp-mailer-settle-fsync");
        for (int i : new int[] {0, 89, 91, 99}) {
            assertThat(Files.readAllBytes(files.msg(files.queue, ids.get(i)))).isEqualTo(record(i));
        }
        assertThat(names(files.journal)).hasSizeGreaterThan(1); // from the bad one's segment on
        JournalReplay.fault = (id, record) -> { };
        assertThat(JournalReplay.settle(files)).isEqualTo(1);
        assertThat(names(files.journal)).isEmpty();
    }

    /** Makes the record read ({@code atRecord}) or the settle's task of {@code bad} throw {@code fault}. */
    private static void failOn(QueueId bad, boolean atRecord, Throwable fault) {
        JournalReplay.fault = (id, record) -> {
            if (record == atRecord && id.equals(bad)) {
                if (fault instanceof IOException io) {
                    throw io;
                }
                throw (Error) fault;
            }
        };
    }

    private static Object adopted(SpoolJournal journal) throws ReflectiveOperationException {
        Field adopted = SpoolJournal.class.getDeclaredField("adopted");
        adopted.setAccessible(true);
        return adopted.get(journal);
    }
}
