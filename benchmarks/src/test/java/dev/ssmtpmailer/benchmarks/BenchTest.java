package dev.ssmtpmailer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one median of the benchmarks: what each of them printed before it had its own. */
class BenchTest {
    @Test
    void median_oddCount_isTheMiddle_evenCount_theMeanOfTheMiddleTwo_none_isNaN() {
        assertThat(Bench.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Bench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Bench.median(new double[0])).isNaN();
    }

    @Test
    void median_leavesItsArgumentUnchanged() {
        double[] values = {3, 1, 2};

        Bench.median(values);

        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void medianOfAFigure_isTheMedianOfItsValues() {
        List<Bench.Figures> runs = List.of(new Bench.Figures(10, 40), new Bench.Figures(30, 10), new Bench.Figures(20, 30),
                new Bench.Figures(40, 20));

        assertThat(Bench.median(runs, Bench.Figures::accepted)).isEqualTo(25);
        assertThat(Bench.median(runs, Bench.Figures::delivered)).isEqualTo(25);
    }

    /** BackendRelayBenchmark printed the upper of the middle two for an even count of runs: it still does. */
    @Test
    void upperMedian_evenCount_isTheGreaterOfTheMiddleTwo_oddCount_theMiddle() {
        assertThat(Bench.upperMedian(new double[] {4, 1, 3, 2})).isEqualTo(3);
        assertThat(Bench.upperMedian(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Bench.upperMedian(new double[] {7})).isEqualTo(7);
        assertThat(Bench.upperMedian(new double[0])).isNaN();
    }
}
