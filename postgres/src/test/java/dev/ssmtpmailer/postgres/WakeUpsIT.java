package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresPeer(Peer.POSTGRES)
class WakeUpsIT {
    private TestDatabase test;
    private PostgresDatabase a;
    private PostgresDatabase b;
    /** A permit per wake-up of the listening instance. */
    private final Semaphore woken = new Semaphore(0);

    @BeforeEach
    void open() {
        test = TestDatabase.create();
        a = PostgresDatabase.connect(test.settings().instanceId("a").build());
        b = PostgresDatabase.connect(test.settings().instanceId("b").build());
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
        test.close();
    }

    @Test
    void notifyOthers_committed_wakesTheOtherInstance() throws Exception {
        try (WakeUps listening = new WakeUps(b); WakeUps sending = new WakeUps(a)) {
            listen(listening);

            try (Connection c = a.dataSource().getConnection()) {
                c.setAutoCommit(false);
                sending.notifyOthers(c);
                c.commit();
            }

            assertThat(woken.tryAcquire(30, TimeUnit.SECONDS)).as("the notification").isTrue();
        }
    }

    @Test
    void notifyOthers_ownNotification_isSkippedButAForeignOneAfterItArrives() throws Exception {
        try (WakeUps self = new WakeUps(a); WakeUps other = new WakeUps(b)) {
            listen(self);

            try (Connection c = a.dataSource().getConnection()) {
                self.notifyOthers(c); // autocommit: delivered at once, but it is ours
            }
            try (Connection c = b.dataSource().getConnection()) {
                other.notifyOthers(c);
            }

            assertThat(woken.tryAcquire(30, TimeUnit.SECONDS)).as("the foreign notification").isTrue();
            assertThat(woken.availablePermits()).as("only one wake-up for the two notifications").isZero();
        }
    }

    @Test
    void announce_burstOfAccepts_wakesTheOtherInstanceWithFewerNotificationsThanAccepts() throws Exception {
        try (WakeUps listening = new WakeUps(b); WakeUps sending = new WakeUps(a)) {
            listen(listening);

            for (int i = 0; i < 200; i++) {
                sending.announce(); // 200 accepts in a burst: returns at once each time
            }

            assertThat(woken.tryAcquire(30, TimeUnit.SECONDS)).as("the announcement").isTrue();
            // each announcement is a database round trip; the 200 calls take microseconds and ride on a few
            assertThat(sending.announcedWhenDone()).as("notifications sent for 200 accepts").isBetween(1L, 199L);
        }
    }

    /** Starts {@code w}, counting its wake-ups in {@link #woken}, and waits for the one it gives once it listens. */
    private void listen(WakeUps w) throws InterruptedException {
        w.onWakeUp(woken::release);
        w.start();
        assertThat(woken.tryAcquire(30, TimeUnit.SECONDS)).as("the wake-up after LISTEN").isTrue();
    }
}
