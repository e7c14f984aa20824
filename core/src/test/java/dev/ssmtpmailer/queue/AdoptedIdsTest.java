package dev.ssmtpmailer.queue;

import static dev.ssmtpmailer.queue.QueueStoreContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdoptedIdsTest {

    @Test
    void segmentOf_idsOfTheStoreAndOthers_foundUntilRemoved() {
        List<AdoptedIds.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(new AdoptedIds.Entry(SpoolFiles.newId(T0.plusMillis(499 - i)), i % 7)); // not in id order
        }
        QueueId foreign = new QueueId("copied-in-by-hand");
        entries.add(new AdoptedIds.Entry(foreign, 3));
        AdoptedIds ids = AdoptedIds.of(entries);

        for (AdoptedIds.Entry e : entries) {
            assertThat(ids.segmentOf(e.id())).isEqualTo(e.segment());
        }
        assertThat(ids.segmentOf(SpoolFiles.newId(T0))).isEqualTo(-1);
        assertThat(ids.remove(entries.get(42).id())).isEqualTo(42 % 7);
        assertThat(ids.remove(entries.get(42).id())).isEqualTo(-1);
        assertThat(ids.segmentOf(entries.get(42).id())).isEqualTo(-1);
        assertThat(ids.remove(foreign)).isEqualTo(3);
        assertThat(ids.segmentOf(foreign)).isEqualTo(-1);
    }

    @Test
    void key_onlyTheFormOfNewId() {
        assertThat(AdoptedIds.key(SpoolFiles.newId(T0).value())).hasSize(2);
        assertThat(AdoptedIds.key("abcdefgh-ABCDEFGH")).isNull(); // lower case: another id than its upper-case twin
        assertThat(AdoptedIds.key("ABCDEFGH-ABCDEFG")).isNull();
        assertThat(AdoptedIds.key("ABCDEFGHXABCDEFGH")).isNull();
    }
}
