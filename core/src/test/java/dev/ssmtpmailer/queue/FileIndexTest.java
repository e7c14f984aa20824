package dev.ssmtpmailer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory index of the file store: ids kept as numbers, unscheduled slots until recovery reads them. */
class FileIndexTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void slot_storeId_isKeptAsNumbers_andGivesTheSameIdAndCreationBack() {
        QueueId id = SpoolFiles.newId(T0);

        FileIndex.Slot s = FileIndex.Slot.of(id, 0, 0);

        assertThat(s.createdKnown()).isTrue();
        assertThat(s.created).isEqualTo(T0.toEpochMilli());
        assertThat(s.id()).isEqualTo(id);
    }

    @Test
    void base36_anyValue_upperCaseDigitsPaddedToEight() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        for (int i = 0; i < 10_000; i++) {
            long v = i < 100 ? i - 50 : i % 3 == 0 ? random.nextLong(2_821_109_907_456L) : random.nextLong();
            String digits = Long.toString(v, 36).toUpperCase(java.util.Locale.ROOT);

            assertThat(FileIndex.Slot.base36(new StringBuilder("x"), v).toString())
                    .isEqualTo("x" + "0".repeat(Math.max(0, 8 - digits.length())) + digits);
        }
        assertThat(FileIndex.Slot.base36(new StringBuilder(), Long.MAX_VALUE).toString()).isEqualTo("1Y2P0IJ32E8E7");
        assertThat(FileIndex.Slot.base36(new StringBuilder(), Long.MIN_VALUE).toString()).isEqualTo("-1Y2P0IJ32E8E8");
        assertThat(FileIndex.Slot.base36(new StringBuilder(), -5).toString()).isEqualTo("000000-5");
    }

    @Test
    void newId_clockBefore1970_anIdKeptAsForeign() {
        Instant created = Instant.ofEpochMilli(-5);

        QueueId id = SpoolFiles.newId(created);

        assertThat(id.value()).matches("000000-5-[0-9A-Z]{8}");
        FileIndex index = new FileIndex();
        FileIndex.Slot s = index.add(id, created, created, null);
        assertThat(s.createdKnown()).isFalse();
        assertThat(s.created).isEqualTo(-5);
        assertThat(index.get(id)).isSameAs(s);
        assertThat(s.id()).isEqualTo(id);
    }

    @Test
    void newId_timeAndRandomPart_validAndInAgeOrder() {
        QueueId a = SpoolFiles.newId(T0);
        QueueId b = SpoolFiles.newId(T0.plusMillis(1));

        assertThat(a.value()).matches("[0-9A-Z]{8}-[0-9A-Z]{8}");
        assertThat(a.value().substring(0, 8)).isEqualTo(Long.toString(T0.toEpochMilli(), 36).toUpperCase(java.util.Locale.ROOT));
        assertThat(a.value().compareTo(b.value())).isNegative();
    }

    @Test
    void slot_idThisStoreDidNotMake_isKeptAsText() {
        for (String foreign : List.of("ABC-1", "0000abcd-00000000", "MWYT8HS0_K3J9QX2M".replace('_', 'x'), "MWYT8HS0-K3J9QX2MX")) {
            FileIndex.Slot s = FileIndex.Slot.of(new QueueId(foreign), 42, 0);
            assertThat(s.createdKnown()).as(foreign).isFalse();
            assertThat(s.id().value()).isEqualTo(foreign);
            assertThat(s.created).isEqualTo(42);
        }
    }

    @Test
    void ids_areInTextOrder_mixingStoreAndForeignIds() {
        FileIndex index = new FileIndex();
        List<QueueId> ids = List.of(SpoolFiles.newId(T0.plusMillis(1)), new QueueId("ZZZ"), SpoolFiles.newId(T0),
                new QueueId("0"), SpoolFiles.newId(T0.plusSeconds(36)), new QueueId("MWYT8HS0"));
        ids.forEach(id -> index.add(id, T0, T0, null));

        assertThat(index.ids()).extracting(QueueId::value)
                .containsExactlyElementsOf(ids.stream().map(QueueId::value).sorted().toList());
        ids.forEach(id -> assertThat(index.get(id)).isNotNull().satisfies(s -> assertThat(s.id()).isEqualTo(id)));
        assertThat(index.get(SpoolFiles.newId(T0.plusSeconds(99)))).isNull();
    }

    @Test
    void unscheduled_countsAndLists_butIsNotClaimable_untilScheduled() {
        FileIndex index = new FileIndex();
        QueueId deferred = SpoolFiles.newId(T0);
        FileIndex.Slot s = index.addUnscheduled(deferred.value());
        assertThat(index.addAsAccepted(SpoolFiles.newId(T0.plusSeconds(1)).value())).isTrue();
        assertThat(index.addAsAccepted("ABC-1")).as("a foreign id does not tell its creation").isFalse();

        assertThat(index.scanning()).isTrue();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.stats(T0.plusSeconds(10)).oldestAge()).hasSeconds(10);
        assertThat(index.claimable(T0.plusSeconds(100), 10)).extracting(FileIndex.Slot::id).doesNotContain(deferred);
        assertThat(index.unscheduledAfter(null, 10)).containsExactly(s);

        index.schedule(s, T0, T0.plusSeconds(50));

        assertThat(index.scanning()).isFalse();
        assertThat(index.unscheduledAfter(null, 10)).isEmpty();
        assertThat(index.claimable(T0.plusSeconds(100), 10)).extracting(FileIndex.Slot::id).hasSize(2).endsWith(deferred);
    }

    @Test
    void remove_ofAnUnscheduledSlot_endsTheScanForIt() {
        FileIndex index = new FileIndex();
        FileIndex.Slot s = index.addUnscheduled(SpoolFiles.newId(T0).value());

        index.remove(s);

        assertThat(index.scanning()).isFalse();
        assertThat(index.size()).isZero();
    }
}
