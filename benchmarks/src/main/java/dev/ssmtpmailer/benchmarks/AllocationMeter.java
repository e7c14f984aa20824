package dev.ssmtpmailer.benchmarks;

import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Bytes allocated in this JVM by the relay's threads, from JFR's {@code jdk.ObjectAllocationSample} events
 * streamed in-process: each sample's weight is the bytes its thread allocated since its previous sample, so
 * the weights of a time window add up to what was allocated in it (an estimate that needs many samples:
 * use runs of thousands of messages). The main thread (the benchmark's polling loop) and JFR's own threads
 * are left out.
 */
final class AllocationMeter implements AutoCloseable {
    private static final long FLUSH_WAIT_SECONDS = 10;

    private final RecordingStream stream = new RecordingStream();
    private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong flushes = new AtomicLong();

    private AllocationMeter() {
    }

    /** @return a meter that records from now until closed */
    static AllocationMeter start() {
        AllocationMeter m = new AllocationMeter();
        m.stream.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
        m.stream.onEvent("jdk.ObjectAllocationSample", m::sample);
        m.stream.onFlush(() -> {
            synchronized (m.flushes) {
                m.flushes.incrementAndGet();
                m.flushes.notifyAll();
            }
        });
        m.stream.startAsync();
        return m;
    }

    private void sample(RecordedEvent e) {
        RecordedThread t = e.getThread();
        String name = t == null ? null : t.getJavaName();
        if (name != null && !name.equals("main") && !name.startsWith("JFR")) {
            samples.add(new long[] {nanos(e.getStartTime()), e.getLong("weight")});
        }
    }

    /** @return the current time in this meter's units */
    long now() {
        return nanos(Instant.now());
    }

    /**
     * @param from the start of the window, from {@link #now()}
     * @param to its end, from {@link #now()}
     * @return the bytes allocated in the window; waits for JFR to deliver the window's events (two flushes)
     * @throws InterruptedException if interrupted while waiting
     */
    long bytesBetween(long from, long to) throws InterruptedException {
        synchronized (flushes) {
            long target = flushes.get() + 2;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLUSH_WAIT_SECONDS);
            while (flushes.get() < target && System.nanoTime() < deadline) {
                flushes.wait(100);
            }
        }
        long sum = 0;
        for (long[] s : samples) {
            if (s[0] >= from && s[0] <= to) {
                sum += s[1];
            }
        }
        samples.removeIf(s -> s[0] <= to);
        return sum;
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Override
    public void close() {
        stream.close();
    }
}
