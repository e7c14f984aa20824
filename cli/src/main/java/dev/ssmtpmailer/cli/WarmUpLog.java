package dev.ssmtpmailer.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Keeps a warm-up's chatter out of {@code serve}'s log. A warm-up relays up to {@value WarmUp#AUTO_MOST} throwaway
 * messages through a private relay whose classes are the real relay's: without this, each would write a delivery
 * line at INFO, and its listener and upstream their start and stop lines. slf4j-simple fixes a logger's level when
 * the logger is made and both relays share the loggers, so a level cannot tell them apart; the thread can. While a
 * warm-up runs, the lines at INFO and below that its threads write are dropped: the thread that runs it and every
 * thread started from there (the private relay's listener, sessions, spool and delivery threads, the in-process
 * upstream's), which inherit the mark. WARN and ERROR stay, and so does every line of the real relay.
 *
 * <p>slf4j-simple writes each line with one {@code println} to {@code System.out} or {@code System.err}, looked up at
 * each line ({@code serve} configures one of them, {@link Logging}): for the time of a warm-up both are wrapped.
 */
final class WarmUpLog {
    /** Set on the warm-up's thread; the threads it starts inherit it. */
    private static final InheritableThreadLocal<Boolean> WARMING = new InheritableThreadLocal<>();
    /** The level names that a warm-up line may carry and still be dropped (slf4j-simple: "... [thread] INFO name - text"). */
    private static final String[] CHATTY = {"] INFO ", "] DEBUG ", "] TRACE "};
    /**
     * The slf4j-simple settings (after {@code org.slf4j.simpleLogger.}) that give {@link #CHATTY}'s "[thread] LEVEL":
     * {@link Logging#toFile} sets them whatever the operator set (SSMTP_MAILER_JAVA_OPTS), or nothing would be dropped.
     */
    static final Map<String, String> LINE_FORMAT = Map.of("showThreadName", "true", "showThreadId", "false",
            "levelInBrackets", "false");

    private WarmUpLog() {
    }

    /**
     * Runs a warm-up with its lines at INFO and below left out of the log.
     *
     * @param warmUp the warm-up, run on this thread
     * @param <T> what it returns
     * @return what {@code warmUp} returned
     * @throws Exception what {@code warmUp} threw
     */
    static <T> T quietly(Callable<T> warmUp) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream quietOut = new Quiet(out);
        PrintStream quietErr = new Quiet(err);
        System.setOut(quietOut);
        System.setErr(quietErr);
        WARMING.set(Boolean.TRUE);
        try {
            return warmUp.call();
        } finally {
            WARMING.remove();
            restore(quietOut, out, quietErr, err);
        }
    }

    /** Puts the streams back unless someone replaced them meanwhile (then theirs stay). */
    private static synchronized void restore(PrintStream quietOut, PrintStream out, PrintStream quietErr, PrintStream err) {
        if (System.out == quietOut) {
            System.setOut(out);
        }
        if (System.err == quietErr) {
            System.setErr(err);
        }
    }

    /** @return whether this line, written by this thread, is a warm-up's chatter */
    static boolean chatty(String line) {
        if (!Boolean.TRUE.equals(WARMING.get()) || line == null) {
            return false;
        }
        for (String level : CHATTY) {
            if (line.contains(level)) {
                return true;
            }
        }
        return false;
    }

    /** A stream that passes everything on except a warm-up's chatty lines (text in the target's own encoding). */
    private static final class Quiet extends PrintStream {
        private final PrintStream target;

        Quiet(PrintStream target) {
            super(target, true);
            this.target = target;
        }

        @Override
        public void println(String line) {
            if (!chatty(line)) {
                target.println(line);
            }
        }

        @Override
        public void print(String text) {
            target.print(text);
        }
    }
}
