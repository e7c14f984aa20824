package dev.ssmtpmailer.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class on a throwaway schema: each test gets its own {@link #test} schema and a {@link #db} connected
 * to it, closed and dropped after the test (after the subclass's own {@code @AfterEach}, so that what it opened
 * on the database is closed first).
 */
abstract class SchemaPerTest {
    TestDatabase test;
    PostgresDatabase db;

    @BeforeEach
    final void connectToAFreshSchema() {
        test = TestDatabase.create();
        db = test.connect();
    }

    @AfterEach
    final void closeAndDropTheSchema() throws Exception {
        try {
            db.close();
        } finally {
            test.close();
        }
    }
}
