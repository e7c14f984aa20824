package dev.ssmtpmailer.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGHUP instead of the JVM's default (which ends the process like SIGTERM). It uses
 * {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the JDK's only way to handle a signal: through
 * reflection, because javac warns about it at compile time with no way to suppress the warning. On a JVM without
 * it, one started with {@code -Xrs}, or one without SIGHUP (Windows), {@link #install} answers
 * {@link Result#UNSUPPORTED} and SIGHUP keeps its default.
 *
 * <p>A process started with SIGHUP ignored ({@code nohup}, some supervisors) never gets a SIGHUP: HotSpot installs no
 * handler for a shutdown signal that was ignored at start ({@code JVM_RegisterSignal}), and tells so by answering
 * {@code SIG_IGN} as the previous handler. {@link #install} then answers {@link Result#IGNORED}, so that
 * {@code serve} can say so instead of a SIGHUP doing nothing unseen (on Linux {@code SigIgn} of
 * {@code /proc/self/status} shows the same bit; the answer also works where there is no {@code /proc}).
 */
final class Hangup {
    /** What {@link #install} achieved. */
    enum Result {
        /** The action runs on each SIGHUP. */
        HANDLED,
        /** The process was started with SIGHUP ignored: no SIGHUP ever arrives, and it does not stop the JVM either. */
        IGNORED,
        /**
         * No {@code sun.misc.Signal}, or {@code -Xrs} (the JVM then keeps SIGHUP to the system, and
         * {@code Signal.handle} refuses it), or no SIGHUP: SIGHUP keeps its default and stops the JVM.
         */
        UNSUPPORTED
    }

    private Hangup() {
    }

    /**
     * @param action what to do on each SIGHUP; it runs on the JVM's signal thread, so it should be short or hand off
     * @return whether the handler is installed, or why not
     */
    static Result install(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (proxy, method, args) -> onCall(action, proxy, method, args);
            Object h = Proxy.newProxyInstance(Hangup.class.getClassLoader(), new Class<?>[] {handler}, call);
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object previous = signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            return previous == handler.getField("SIG_IGN").get(null) ? Result.IGNORED : Result.HANDLED;
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            return Result.UNSUPPORTED;
        }
    }

    private static Object onCall(Runnable action, Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "handle" -> action.run();
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "toString" -> {
                return "ssmtp-mailer SIGHUP handler";
            }
            default -> { }
        }
        return null;
    }
}
