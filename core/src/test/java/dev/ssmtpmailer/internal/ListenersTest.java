package dev.ssmtpmailer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {

    /** A listener interface with a default method, as core's listeners have. */
    interface Ticks {
        void tick(String what);

        default void tock() {
        }
    }

    interface Counting {
        int count();
    }

    @Test
    void fanOut_forwardsEveryMethod_defaultOnesIncluded() {
        List<String> heard = new ArrayList<>();
        Ticks one = new Ticks() {
            @Override
            public void tick(String what) {
                heard.add("one " + what);
            }

            @Override
            public void tock() {
                heard.add("one tock");
            }
        };
        Ticks two = what -> heard.add("two " + what);

        Ticks all = Listeners.fanOut(Ticks.class, List.of(one, two), "ticks listener");
        all.tick("a");
        all.tock();

        assertThat(heard).containsExactly("one a", "two a", "one tock");
    }

    @Test
    void fanOut_errorOfAListener_isNotSwallowed() {
        Ticks failing = what -> {
            throw new AssertionError("an error must reach the caller");
        };

        Ticks all = Listeners.fanOut(Ticks.class, List.of(failing), "ticks listener");

        assertThatThrownBy(() -> all.tick("a")).isInstanceOf(AssertionError.class);
    }

    @Test
    void fanOut_objectMethods_areTheFanOutsOwn() {
        Ticks all = Listeners.fanOut(Ticks.class, List.of(what -> { }, what -> { }), "ticks listener");

        assertThat(all.toString()).isEqualTo("ticks listener fan-out of 2");
        assertThat(all).isEqualTo(all).isNotEqualTo(Listeners.fanOut(Ticks.class, List.of(), "ticks listener"));
        assertThat(all.hashCode()).isEqualTo(System.identityHashCode(all));
    }

    @Test
    void fanOut_interfaceWithAResult_isRefused() {
        assertThatThrownBy(() -> Listeners.fanOut(Counting.class, List.of(), "counter"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot return a value");
    }
}
