package dev.ssmtpmailer.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time of processes, for the benchmarks' cost-per-message figures. Linux only ({@code /proc}). */
final class ProcessCpu {
    /** The kernel's clock tick for {@code /proc/<pid>/stat} times; 100 on every Linux this runs on. */
    static final long TICKS_PER_SECOND = 100;
    private static final Pattern BASH_TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s\\s*$");

    private ProcessCpu() {
    }

    /** @return user + system CPU of this JVM, nanoseconds (all threads: senders, JIT, GC) */
    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * @param pid a process
     * @return its user + system CPU so far, in milliseconds ({@code utime + stime} of {@code /proc/<pid>/stat}),
     *     or -1 when it is gone
     */
    static long millis(long pid) {
        try {
            return millis(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return {@code utime + stime} of a process's or a thread's {@code stat} file, milliseconds */
    private static long millis(Path stat) throws IOException {
        String line = Files.readString(stat, StandardCharsets.US_ASCII);
        // fields after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
    }

    /**
     * @param pid a JVM
     * @return the user + system CPU of its JIT compiler threads so far ({@code C1 CompilerThre}, {@code C2 CompilerThre}
     *     in {@code /proc/<pid>/task/<tid>/comm}), in milliseconds; a compiler thread that has ended (the JVM starts
     *     and stops them as the queue grows and shrinks) no longer counts, so this is at least the JIT's CPU of the
     *     threads alive now, or -1 when the process is gone
     */
    static long jitMillis(long pid) {
        long sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).contains("CompilerThre")) {
                        sum += millis(task.resolve("stat"));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @return user + system CPU of this JVM's children that have ended and been waited for, in milliseconds
     *     ({@code cutime + cstime} of {@code /proc/self/stat}; the kernel adds a child's times when it is reaped)
     */
    static long childrenMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/self/stat", e);
        }
    }

    /**
     * @param bashTimes the output of bash's {@code times}: the shell's user and system time, then its children's
     * @return the children's user + system time in microseconds
     */
    static double childrenMicros(String bashTimes) {
        Matcher m = BASH_TIMES.matcher(bashTimes.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not the output of bash's times: " + bashTimes);
        }
        return (Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2)) + Integer.parseInt(m.group(3)) * 60
                + Double.parseDouble(m.group(4))) * 1e6;
    }
}
