package dev.ssmtpmailer.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGHUP instead of the JVM's default (which ends the process like SIGTERM). It uses
 * {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the JDK's only way to handle a signal: through
 * reflection, because javac warns about it at compile time with no way to suppress the warning. On a JVM without
 * it (or without SIGHUP, e.g. Windows) {@link #install} returns {@code false} and SIGHUP keeps its default.
 */
final class Hangup {
    private Hangup() {
    }

    /**
     * @param action what to do on each SIGHUP; it runs on the JVM's signal thread, so it should be short or hand off
     * @return whether the handler is installed
     */
    static boolean install(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler call = (proxy, method, args) -> onCall(action, proxy, method, args);
            Object h = Proxy.newProxyInstance(Hangup.class.getClassLoader(), new Class<?>[] {handler}, call);
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            return true;
        } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
            return false;
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
