package dev.ssmtpmailer.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Jobs on threads of their own, released at the same moment: for tests of what concurrent callers get. */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * @param threads how many jobs, each on its own thread
     * @param job the job of thread {@code i} (0-based)
     * @return the sum of what the jobs returned
     * @throws Exception what a job threw, as the cause of an {@code ExecutionException}; or a
     *     {@code TimeoutException} when a job is still running after a minute (a hang, not a measurement)
     */
    public static int sum(int threads, IntFunction<Callable<Integer>> job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> work = job.apply(t);
                results.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(1, TimeUnit.MINUTES);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
