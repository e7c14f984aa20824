package dev.ssmtpmailer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeepQueueBenchmarkTest {

    @Test
    void heapUsed_g1_isItsOneHeap() {
        String info = """
                 garbage-first heap   total 397312K, used 17618K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 4 young (16384K), 0 survivors (0K)
                 Metaspace       used 6240K, committed 6400K, reserved 1056768K
                  class space    used 548K, committed 640K, reserved 1048576K
                """;

        assertThat(DeepQueueBenchmark.heapUsed(info)).isEqualTo(17618L * 1024);
    }

    @Test
    void heapUsed_serialOrParallel_addsTheGenerationsButNotMetaspace() {
        String serial = """
                 def new generation   total 116160K, used 18593K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
                  eden space 103296K,  18% used [0x0000000687400000, 0x0000000688628ab0, 0x000000068d8e0000)
                 tenured generation   total 258048K, used 1200K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                 Metaspace       used 6240K, committed 6400K, reserved 1056768K
                """;
        String parallel = """
                 PSYoungGen      total 113152K, used 17511K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                 ParOldGen       total 258048K, used 0K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                 Metaspace       used 6240K, committed 6400K, reserved 1056768K
                """;

        assertThat(DeepQueueBenchmark.heapUsed(serial)).isEqualTo((18593L + 1200) * 1024);
        assertThat(DeepQueueBenchmark.heapUsed(parallel)).isEqualTo(17511L * 1024);
    }

    @Test
    void heapUsed_noHeapLine_throws() {
        assertThatThrownBy(() -> DeepQueueBenchmark.heapUsed(" Metaspace       used 6240K, committed 6400K\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no heap figure");
    }
}
