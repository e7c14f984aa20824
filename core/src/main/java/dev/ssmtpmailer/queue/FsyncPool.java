package dev.ssmtpmailer.queue;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few threads that fsync files at once: ext4 commits concurrent fsyncs in one journal commit, so 16 at a time
 * cost about what one does ({@link BulkRetry}, {@link JournalReplay#settle}). At most {@code waiting} tasks wait;
 * beyond that the caller runs the task itself, so what the tasks hold (a message's bytes) stays bounded. Whatever a
 * task throws, an {@link Error} too, comes back through its {@link Future} and {@link #await}.
 */
final class FsyncPool implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /**
     * @param name the threads' name
     * @param threads how many at once (1 or less: every task runs on the caller's thread, when submitted)
     * @param waiting how many tasks may wait for a thread
     */
    FsyncPool(String name, int threads, int waiting) {
        pool = threads <= 1 ? null : new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(waiting), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    <T> Future<T> submit(Callable<T> task) {
        if (pool != null) {
            return pool.submit(task);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            done.complete(task.call());
        } catch (Throwable t) { // carried back by await, as a pool thread's would be
            done.completeExceptionally(t);
        }
        return done;
    }

    /**
     * Waits for one task, however long: even when interrupted, the fsync it waits for is still running.
     *
     * @throws IOException what the task threw, or one whose cause is what it threw
     */
    static <T> T await(Future<T> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(String.valueOf(e.getCause()), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for every task, however long: even when interrupted, the fsyncs it waits for are still running. */
    @Override
    public void close() {
        if (pool == null) {
            return;
        }
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
