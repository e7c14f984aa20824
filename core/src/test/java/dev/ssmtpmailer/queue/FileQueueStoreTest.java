package dev.ssmtpmailer.queue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store passes the shared contract; its own layout and crash recovery are tested in {@link SpoolTest}. */
class FileQueueStoreTest extends QueueStoreContract {
    @TempDir
    Path dir;

    @Override
    protected QueueStore openStore() {
        return QueueStore.files(dir);
    }
}
