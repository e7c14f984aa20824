package dev.ssmtpmailer;

import dev.ssmtpmailer.internal.CloseState;
import dev.ssmtpmailer.message.RelayException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded executor behind {@code Relay.sendAsync}, owned by the {@link RelayAssembly}. Every failure completes
 * the future; nothing accepted is dropped silently, not even at shutdown.
 */
final class AsyncSends {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final ThreadPoolExecutor executor;
    private final CloseState closeState = new CloseState(Relay.CLOSED);

    AsyncSends(int threads, int queueCapacity) {
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity), new NamedThreads());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} on a sending thread; a full queue or a closed executor completes the future exceptionally. */
    <T> CompletableFuture<T> run(Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closeState.isClosed()) {
            future.completeExceptionally(closeState.refusal());
            return future;
        }
        try {
            executor.execute(new Job<>(future, work));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closeState.isClosed() ? closeState.refusal()
                    : new RelayException("asynchronous send queue is full (" + executor.getQueue().size() + " waiting)", e));
        }
        return future;
    }

    /**
     * Stops taking work and waits up to {@code timeout} for the work accepted; work never started then fails
     * with a {@link RelayException}.
     */
    void drain(Duration timeout) {
        closeState.markClosed(); // new work is refused from now on
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> never = executor.shutdownNow();
                for (Runnable r : never) {
                    if (r instanceof Job<?> job) {
                        job.future.completeExceptionally(new RelayException("relay closed before this message was sent"));
                    }
                }
                log.warn("relay closed with {} asynchronous sends not started and others still running after {}",
                        never.size(), timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A queued asynchronous send; kept as a type so that {@link #drain} can fail the ones never started. */
    private static final class Job<T> implements Runnable {
        final CompletableFuture<T> future;
        final Supplier<T> work;

        Job(CompletableFuture<T> future, Supplier<T> work) {
            this.future = future;
            this.work = work;
        }

        @Override
        public void run() {
            try {
                future.complete(work.get());
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "ssmtp-mailer-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
