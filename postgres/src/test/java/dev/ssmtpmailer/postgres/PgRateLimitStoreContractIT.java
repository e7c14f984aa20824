package dev.ssmtpmailer.postgres;

import dev.ssmtpmailer.testing.Peer;
import dev.ssmtpmailer.testing.RequiresPeer;
import dev.ssmtpmailer.ratelimit.RateLimitStore;
import dev.ssmtpmailer.ratelimit.RateLimitStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Core's rate-limit store contract on a real PostgreSQL: every store on a fresh schema. */
@RequiresPeer(Peer.POSTGRES)
class PgRateLimitStoreContractIT extends RateLimitStoreContract {
    private final List<TestDatabase> schemas = new ArrayList<>();
    private final List<PostgresDatabase> databases = new ArrayList<>();

    @Override
    protected RateLimitStore newStore() {
        TestDatabase schema = TestDatabase.create();
        schemas.add(schema);
        PostgresDatabase db = schema.connect();
        databases.add(db);
        return db.rateLimitStore();
    }

    @AfterEach
    void dropSchemas() throws Exception {
        for (PostgresDatabase db : databases) {
            db.close();
        }
        for (TestDatabase t : schemas) {
            t.close();
        }
    }
}
