package dev.ssmtpmailer.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "done/total" on one rewritten stderr line, only when stderr is a terminal, at most every 1 % of the work.
 * Pipes and files (the tests, cron, systemd) get nothing: progress is for people watching.
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean enabled;
    private final AtomicLong shown = new AtomicLong(-1);

    Progress(PrintWriter err, String label, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = terminal;
    }

    /** @return whether the process looks attached to a terminal */
    static boolean terminal() {
        return System.console() != null;
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long step = Math.max(1, total / 100);
        long last = shown.get();
        if (done != total && last >= 0 && done - last < step) {
            return;
        }
        if (shown.compareAndSet(last, done)) {
            synchronized (err) {
                err.printf("\r%s: %d/%d (%d%%)", label, done, total, total == 0 ? 100 : done * 100 / total);
                err.flush();
            }
        }
    }

    void done() {
        if (enabled) {
            synchronized (err) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
