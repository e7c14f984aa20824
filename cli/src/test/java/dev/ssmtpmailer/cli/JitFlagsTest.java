package dev.ssmtpmailer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which compiler's threshold {@code --warm-up auto}/{@code idle} wait for: C2's, or C1's where C2 never compiles. */
class JitFlagsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the JDK's defaults: C2                            |true |true |4|default   |true |200 |5000 |5000
            serve.jvm-options (C2 later)                      |true |true |4|default   |true |200 |15000|15000
            -XX:TieredStopAtLevel=1: C1 only                  |true |true |1|default   |true |200 |5000 |200
            -XX:TieredStopAtLevel=2                           |true |true |2|default   |true |200 |5000 |200
            -XX:TieredStopAtLevel=3                           |true |true |3|default   |true |200 |15000|200
            -XX:CompilationMode=quick-only                    |true |true |4|quick-only|true |200 |5000 |200
            -XX:CompilationMode=high-only: C2 alone           |true |true |4|high-only |true |200 |5000 |5000
            -XX:-TieredCompilation with C2: C2 alone          |true |false|4|default   |true |5000|5000 |5000
            -XX:-TieredCompilation -XX:CompileThreshold=3000  |true |false|4|default   |true |3000|3000 |3000
            -XX:-TieredCompilation on a VM without C2: C1     |true |false|4|default   |false|1500|5000 |1500
            a VM without C2                                   |true |true |4|default   |false|200 |5000 |200
            -Xint: nothing compiles                           |false|false|4|default   |true |200 |5000 |0
            -XX:TieredStopAtLevel=0 (as JDK 17 reads it)      |false|false|0|default   |true |200 |5000 |0
            -XX:-TieredCompilation -XX:TieredStopAtLevel=0    |false|false|0|default   |true |5000|5000 |0
            level 0, tiered, the compiler flag still on       |true |true |0|default   |true |200 |5000 |0
            level 0, not tiered, the compiler flag still on   |true |false|0|default   |true |5000|5000 |0
            """)
    void lastTierInvocations_isTheLastCompilersThreshold(String what, boolean compiler, boolean tiered, int stopAtLevel,
            String mode, boolean optimizing, long c1, long c2, long expected) {
        JitFlags flags = new JitFlags(compiler, tiered, stopAtLevel, mode, optimizing, c1, c2);

        assertThat(flags.lastTierInvocations()).isEqualTo(expected);
    }

    @Test
    void autoLeast_whereC2NeverCompiles_isOneRound() {
        JitFlags c1Only = new JitFlags(true, true, 1, "default", true, 200, 15_000);

        assertThat(WarmUp.autoLeast(c1Only.lastTierInvocations())).isEqualTo(WarmUp.ROUND);
    }

    @Test
    void of_aBeanThatKnowsNoneOfTheseFlags_isTheJdksDefaults() {
        JitFlags flags = JitFlags.of(new FlagBean(Map.of("MaxHeapSize", "1")));

        assertThat(flags).isEqualTo(JitFlags.of(null));
        assertThat(flags.lastTierInvocations()).isEqualTo(JitFlags.C2_INVOCATIONS_DEFAULT);
    }

    @Test
    void of_aVmWithoutC2_waitsForC1() {
        JitFlags flags = JitFlags.of(new FlagBean(Map.of("UseCompiler", "true", "Tier3InvocationThreshold", "200")));

        assertThat(flags.optimizing()).isFalse();
        assertThat(flags.lastTierInvocations()).isEqualTo(200);
    }

    @Test
    void of_aJvmciCompilerWithoutC2_countsAsAnOptimizingCompiler() {
        JitFlags flags = JitFlags.of(new FlagBean(Map.of("UseCompiler", "true", "UseJVMCICompiler", "true",
                "Tier3InvocationThreshold", "200", "Tier4InvocationThreshold", "5000")));

        assertThat(flags.optimizing()).isTrue();
        assertThat(flags.lastTierInvocations()).isEqualTo(5000);
    }

    @Test
    void of_aValueThatIsNotANumber_isTheJdksDefaults() {
        JitFlags flags = JitFlags.of(new FlagBean(Map.of("UseCompiler", "true", "TieredStopAtLevel", "x")));

        assertThat(flags).isEqualTo(JitFlags.of(null));
    }

    @Test
    void current_onThisHotSpot_isTheJdksDefaults() {
        // the tests run with the JDK's thresholds (surefire's argLine sets none)
        assertThat(JitFlags.current().lastTierInvocations()).isEqualTo(JitFlags.C2_INVOCATIONS_DEFAULT);
    }

    /** The flags as a JVM started with an operator's options reads them: the auto warm-up's least there. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the JDK's defaults                 |5000
            -XX:TieredStopAtLevel=1            |500
            -XX:CompilationMode=quick-only     |500
            -XX:-TieredCompilation             |5000
            -XX:Tier4InvocationThreshold=15000 |15000
            -Xint                              |500
            -XX:TieredStopAtLevel=0            |500
            -XX:-TieredCompilation -XX:TieredStopAtLevel=0 |500
            """)
    void autoPlan_inAJvmWithTheseOptions_waitsForItsLastCompiler(String option, int least) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (option.startsWith("-")) {
            command.addAll(List.of(option.split(" ")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintAutoLeast.class.getName()));

        assertThat(run(command)).isEqualTo(String.valueOf(least));
    }

    /** The child's output goes to a file, read after it ended: a hung child fails the test instead of hanging it. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("jitflags", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(output.toFile()).start();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = Files.readString(output, StandardCharsets.UTF_8).strip();
            assertThat(ended).as("the child ended within 60 s; it printed: %s", out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out;
        } finally {
            Files.delete(output);
        }
    }

    /** A flags bean that knows only the given flags, as {@code getVMOption} of a VM without the others answers. */
    private record FlagBean(Map<String, String> flags) implements HotSpotDiagnosticMXBean {
        @Override
        public VMOption getVMOption(String name) {
            String value = flags.get(name);
            if (value == null) {
                throw new IllegalArgumentException("VM option \"" + name + "\" does not exist");
            }
            return new VMOption(name, value, true, VMOption.Origin.DEFAULT);
        }

        @Override
        public List<VMOption> getDiagnosticOptions() {
            return List.of();
        }

        @Override
        public void dumpHeap(String outputFile, boolean live) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setVMOption(String name, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }
    }

    /** Prints {@code WarmUp.Plan.auto().least()} of the JVM it runs in. */
    static final class PrintAutoLeast {
        public static void main(String[] args) {
            System.out.print(WarmUp.Plan.auto().least());
        }
    }
}
