package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.queue.QueueStore;
import dev.ssmtpmailer.queue.QueueStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Core's queue store contract on a real PostgreSQL: every test on a fresh schema. */
@RequiresPeer(Peer.POSTGRES)
class PgQueueStoreIT extends QueueStoreContract {
    private static final List<PostgresDatabase> databases = new ArrayList<>();
    private static final List<TestDatabase> schemas = new ArrayList<>();
    private TestDatabase schema;

    @BeforeAll
    static void peer() {
        dev.ssmtpmailer.testing.Peers.postgres();
    }

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.create();
        schemas.add(schema);
    }

    /** A store on this test's schema; the pools stay open until all tests ran (stores close before them). */
    @Override
    protected QueueStore openStore() {
        PostgresDatabase db = schema.connect();
        databases.add(db);
        return db.queueStore();
    }

    @AfterAll
    static void dropSchemas() throws Exception {
        for (PostgresDatabase db : databases) {
            db.close();
        }
        for (TestDatabase t : schemas) {
            t.close();
        }
    }
}
