package dev.ssmtpmailer.testing;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Skips the tests whose {@link RequiresPeer peers} are missing, each with a one-line reason, so that a run
 * without peers counts them as skipped instead of losing them; with {@code SSMTP_REQUIRE_PEERS=1} they fail.
 *
 * <p>Why a condition per test and not per class: a disabled class is reported as one skipped entry, and a
 * {@code @BeforeAll} that aborts hides its tests altogether ("Tests run: 0"). Here the class stays enabled,
 * each of its tests is disabled with the reason, and the class's {@code @BeforeAll}/{@code @AfterAll} methods
 * are not invoked (they would start or stop the missing peer). Each distinct reason is also printed once per
 * JVM on stderr, with the command that starts the peers.
 *
 * <p>Facts come from the environment. A JUnit configuration parameter {@code ssmtp.peer.NAME} takes precedence
 * over the variable {@code NAME} (an empty value means unset), and {@code ssmtp.peer.user} over the
 * {@code user.name} system property: that is how this extension's own test simulates a machine (with
 * {@code ssmtp.peer.announce=false}, so that its simulated skips print nothing).
 */
public final class PeerCondition implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback,
        InvocationInterceptor {
    /** The configuration parameter prefix that overrides an environment variable. */
    public static final String PARAMETER_PREFIX = "ssmtp.peer.";
    private static final String HOW = "sudo bash .ci/run starts the peers, see CONTRIBUTING.md";
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            // A container stays enabled so that each of its tests is reported (as skipped when a peer is missing).
            return ConditionEvaluationResult.enabled("the tests decide");
        }
        if (required(context)) {
            return ConditionEvaluationResult.enabled(Peers.REQUIRE_PEERS + "=1: a missing peer fails the test");
        }
        List<String> missing = missing(context, needs(context));
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("peers available");
        }
        String reason = "needs " + String.join("; ", missing);
        if (!"false".equals(context.getConfigurationParameter(PARAMETER_PREFIX + "announce").orElse(null))
                && ANNOUNCED.add(reason)) {
            System.err.println("[peers] skipped: the tests that " + reason.replaceFirst("^needs", "need") + " (" + HOW + ")");
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        failWhenRequired(context, classNeeds(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        failWhenRequired(context, needs(context));
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                         ExtensionContext context) throws Throwable {
        proceedUnlessClassSkipped(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
                                        ExtensionContext context) throws Throwable {
        proceedUnlessClassSkipped(invocation, context);
    }

    private void proceedUnlessClassSkipped(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        if (!required(context) && !missing(context, classNeeds(context)).isEmpty()) {
            invocation.skip(); // every test of the class is disabled: do not start (or stop) what is not there
        } else {
            invocation.proceed();
        }
    }

    private static void failWhenRequired(ExtensionContext context, Set<Peer> needs) {
        if (required(context)) {
            List<String> missing = missing(context, needs);
            if (!missing.isEmpty()) {
                throw new AssertionFailedError("needs " + String.join("; ", missing) + " and "
                        + Peers.REQUIRE_PEERS + "=1");
            }
        }
    }

    private static Set<Peer> classNeeds(ExtensionContext context) {
        Set<Peer> needs = EnumSet.noneOf(Peer.class);
        context.getTestClass().ifPresent(c -> addNeeds(c, needs));
        return needs;
    }

    private static Set<Peer> needs(ExtensionContext context) {
        Set<Peer> needs = classNeeds(context);
        context.getTestMethod().ifPresent(m -> addNeeds(m, needs));
        return needs;
    }

    private static void addNeeds(AnnotatedElement element, Set<Peer> needs) {
        AnnotationSupport.findAnnotation(element, RequiresPeer.class).ifPresent(r -> needs.addAll(List.of(r.value())));
    }

    private static List<String> missing(ExtensionContext context, Set<Peer> needs) {
        Function<String, String> env = name -> fact(context, name);
        String user = context.getConfigurationParameter(PARAMETER_PREFIX + "user")
                .orElse(System.getProperty("user.name"));
        List<String> missing = new ArrayList<>();
        for (Peer peer : needs) {
            peer.missing(env, user).ifPresent(missing::add);
        }
        return missing;
    }

    private static boolean required(ExtensionContext context) {
        return "1".equals(fact(context, Peers.REQUIRE_PEERS));
    }

    private static String fact(ExtensionContext context, String name) {
        Optional<String> parameter = context.getConfigurationParameter(PARAMETER_PREFIX + name);
        return parameter.isPresent() ? parameter.get() : System.getenv(name);
    }
}
