package dev.ssmtpmailer.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The HotSpot flags that say which compiler compiles a hot method last, and after how many calls: what
 * {@code serve --warm-up auto} and {@code idle} wait for ({@link WarmUp#autoLeast}). Read through
 * {@link HotSpotDiagnosticMXBean}; the choice is {@link #lastTierInvocations()}, a function of the values only.
 *
 * @param compiler {@code UseCompiler}: false with {@code -Xint} (nothing compiles)
 * @param tiered {@code TieredCompilation}
 * @param stopAtLevel {@code TieredStopAtLevel}: 0 compiles nothing (tiered or not), 1 to 3 stop at C1's levels
 * @param mode {@code CompilationMode}: {@code quick-only} runs C1 alone
 * @param optimizing whether this VM has an optimizing compiler: C2 (its flag {@code MaxNodeLimit} exists) or a
 *     JVMCI compiler ({@code UseJVMCICompiler})
 * @param c1Invocations {@code Tier3InvocationThreshold}: the calls after which C1 compiles a method
 * @param c2Invocations {@code Tier4InvocationThreshold}: the calls after which C2 compiles it
 */
record JitFlags(boolean compiler, boolean tiered, int stopAtLevel, String mode, boolean optimizing, long c1Invocations,
        long c2Invocations) {
    /** The JDK's default {@code Tier4InvocationThreshold}: what the warm-up waits for when the JVM does not say. */
    static final long C2_INVOCATIONS_DEFAULT = 5_000;
    /** {@code TieredStopAtLevel}'s default and C2's level: below it, C2 never compiles. */
    private static final int C2_LEVEL = 4;

    /**
     * The calls after which the last compiler this JVM runs compiles a method: C2's {@code Tier4InvocationThreshold};
     * C1's {@code Tier3InvocationThreshold} when C2 never compiles (an operator's {@code -XX:TieredStopAtLevel=1..3},
     * {@code -XX:CompilationMode=quick-only}, or {@code -XX:-TieredCompilation} on a VM without C2; the JVM sets
     * that flag from {@code CompileThreshold} then); 0 when nothing compiles ({@code -Xint}, or
     * {@code TieredStopAtLevel=0} whether tiered or not, as HotSpot's {@code is_interpreter_only}). With {@code -XX:-TieredCompilation}
     * on a VM with C2, C2 compiles alone, after {@code Tier4InvocationThreshold} calls (which the JVM sets from
     * {@code CompileThreshold} when that is given).
     *
     * @return that many calls
     */
    long lastTierInvocations() {
        if (!compiler || stopAtLevel == 0) {
            return 0;
        }
        boolean c1Only = !optimizing || (tiered && stopAtLevel < C2_LEVEL) || "quick-only".equals(mode);
        return c1Only ? c1Invocations : c2Invocations;
    }

    /** @return this JVM's flags; the JDK's defaults for whatever it does not say (not HotSpot, no jdk.management) */
    static JitFlags current() {
        try {
            return of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
        } catch (IllegalArgumentException | LinkageError | SecurityException e) { // no jdk.management, not a platform bean
            return defaults();
        }
    }

    /**
     * @param hotSpot the flags' bean, or null
     * @return the flags it reads; the JDK's defaults when there is no bean, when it knows none of these flags (a VM
     *     that is not HotSpot: no {@code UseCompiler}), or when a value is not a number
     */
    static JitFlags of(HotSpotDiagnosticMXBean hotSpot) {
        String compiler = hotSpot == null ? null : option(hotSpot, "UseCompiler", null);
        if (compiler == null) {
            return defaults();
        }
        try {
            return new JitFlags(Boolean.parseBoolean(compiler),
                    Boolean.parseBoolean(option(hotSpot, "TieredCompilation", "true")),
                    Integer.parseInt(option(hotSpot, "TieredStopAtLevel", String.valueOf(C2_LEVEL))),
                    option(hotSpot, "CompilationMode", "default"),
                    option(hotSpot, "MaxNodeLimit", null) != null
                            || Boolean.parseBoolean(option(hotSpot, "UseJVMCICompiler", "false")),
                    Long.parseLong(option(hotSpot, "Tier3InvocationThreshold", "200")),
                    Long.parseLong(option(hotSpot, "Tier4InvocationThreshold", String.valueOf(C2_INVOCATIONS_DEFAULT))));
        } catch (NumberFormatException e) {
            return defaults();
        }
    }

    private static JitFlags defaults() {
        return new JitFlags(true, true, C2_LEVEL, "default", true, 200, C2_INVOCATIONS_DEFAULT);
    }

    /** @return the flag's value, or {@code absent} if this JVM has no such flag */
    private static String option(HotSpotDiagnosticMXBean hotSpot, String name, String absent) {
        try {
            return hotSpot.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return absent;
        }
    }
}
