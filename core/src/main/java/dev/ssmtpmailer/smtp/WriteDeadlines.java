package dev.ssmtpmailer.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The executor Angus arms a write timeout on ({@code mail.smtp.executor.writetimeout}). Angus schedules a
 * task before every socket write and cancels it after; on a {@link ScheduledThreadPoolExecutor} each of
 * those wakes the timer thread, several times per message. Here a write timeout only records a deadline in a
 * set, and one check every {@link #TICK_MILLIS} ms fires the overdue ones: a timeout fires up to one tick late,
 * which does not matter for timeouts of seconds. Everything else goes to the wrapped executor.
 */
final class WriteDeadlines implements ScheduledExecutorService {
    static final long TICK_MILLIS = 250;

    private final ScheduledThreadPoolExecutor executor;
    private final Set<Deadline<?>> pending = ConcurrentHashMap.newKeySet();

    WriteDeadlines(ScheduledThreadPoolExecutor executor) {
        this.executor = executor;
        executor.scheduleWithFixedDelay(this::fireOverdue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void fireOverdue() {
        long now = System.nanoTime();
        for (Deadline<?> d : pending) {
            if (now - d.at >= 0 && pending.remove(d)) {
                d.fire();
            }
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        if (executor.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("SMTP client closed");
        }
        Deadline<V> d = new Deadline<>(callable, System.nanoTime() + unit.toNanos(delay));
        pending.add(d);
        return d;
    }

    /** A pending write timeout; cancelling it is a set removal. */
    private final class Deadline<V> implements ScheduledFuture<V> {
        private final Callable<V> task;
        private final long at;
        private volatile boolean done;
        private volatile boolean cancelled;
        private volatile V result;
        private volatile Exception failure;

        Deadline(Callable<V> task, long at) {
            this.task = task;
            this.at = at;
        }

        void fire() {
            try {
                result = task.call();
            } catch (Exception e) {
                failure = e;
            } finally {
                synchronized (this) {
                    done = true;
                    notifyAll();
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (pending.remove(this)) {
                cancelled = true;
                done = true;
                return true;
            }
            return false;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            synchronized (this) {
                while (!done) {
                    wait();
                }
            }
            return outcome();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            synchronized (this) {
                while (!done) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            return outcome();
        }

        private V outcome() throws ExecutionException {
            if (cancelled) {
                throw new java.util.concurrent.CancellationException();
            }
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    // Everything below is plain delegation: only the idle sweep of the pool uses it.

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return executor.schedule(command, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return executor.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return executor.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return executor.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return executor.submit(task, result);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return executor.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return executor.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return executor.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return executor.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }
}
