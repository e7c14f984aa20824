package dev.ssmtpmailer.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fan-out for every listener interface of core ({@code RelayListener.of}, {@code InboundListener.of}).
 * Hand-written fan-outs had to grow a method with each event, and one that was forgotten fell silently to the
 * interface's no-op default; this one forwards every method of the interface, whatever it declares.
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * Returns one listener that tells each of {@code listeners}, in order, every event. A listener that throws a
     * {@link RuntimeException} is logged at WARN on the logger of {@code type} and the next one is told, so a
     * listener never changes what its caller does; an {@link Error} is not caught.
     *
     * @param type the listener interface; each of its instance methods must return {@code void}
     * @param listeners the listeners; copied
     * @param kind what a listener is called in the WARN line, such as {@code "relay listener"}
     * @param <L> the listener type
     * @return the fan-out; its {@code toString} names the kind and the count, equality is identity
     * @throws IllegalArgumentException if {@code type} is not an interface, or has a method that returns a value
     */
    public static <L> L fanOut(Class<L> type, List<? extends L> listeners, String kind) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type + " is not an interface");
        }
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class) {
                throw new IllegalArgumentException("a fan-out cannot return a value: " + m);
            }
        }
        List<L> each = List.copyOf(listeners);
        Logger log = LoggerFactory.getLogger(type);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> kind + " fan-out of " + each.size();
                };
            }
            for (L l : each) {
                try {
                    method.invoke(l, args);
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof RuntimeException failure)) {
                        throw e.getCause();
                    }
                    log.warn("{} {} failed: {}", kind, l.getClass().getName(), failure.toString());
                }
            }
            return null;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
