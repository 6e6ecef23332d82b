package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import clickstream.config.ConfigurationException;
import clickstream.config.SettingsCatalog.Generator;

class EventPacerTest {

    /** A nano clock that only moves when told to; starts at an arbitrary (negative) value like System.nanoTime may. */
    private static final class FakeNanos implements LongSupplier {
        private long now = -5_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advanceMillis(long millis) {
            now += TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    private final FakeNanos clock = new FakeNanos();

    @Test
    void tenDueAfterAHundredMillisAtAHundredPerSecond() {
        EventPacer pacer = new EventPacer(100, clock);
        assertThat(pacer.due()).isZero(); // the first call starts the clock
        clock.advanceMillis(100);
        assertThat(pacer.due()).isEqualTo(10);
    }

    @Test
    void nothingDueWhenNoTimePassed() {
        EventPacer pacer = new EventPacer(100, clock);
        pacer.due();
        clock.advanceMillis(100);
        assertThat(pacer.due()).isEqualTo(10);
        assertThat(pacer.due()).isZero();
        assertThat(pacer.due()).isZero();
    }

    @Test
    void exactlyTheRateOverTenSecondsOfTicks() {
        EventPacer pacer = new EventPacer(100, clock);
        long total = pacer.due();
        for (int tick = 0; tick < 100; tick++) {
            clock.advanceMillis(100);
            int due = pacer.due();
            assertThat(due).as("tick %d", tick).isBetween(9, 11);
            total += due;
        }
        assertThat(total).isEqualTo(1000);
    }

    @Test
    void everyTickGetsItsShareAtARoundRate() {
        EventPacer pacer = new EventPacer(100, clock);
        pacer.due();
        for (int tick = 0; tick < 100; tick++) {
            clock.advanceMillis(100);
            assertThat(pacer.due()).as("tick %d", tick).isEqualTo(10);
        }
    }

    @Test
    void unevenTicksStillAddUp() {
        EventPacer pacer = new EventPacer(250, clock);
        long total = pacer.due();
        long[] steps = {1, 3, 7, 13, 50, 0, 120, 9, 97, 200};
        long elapsed = 0;
        for (int round = 0; round < 40; round++) {
            for (long step : steps) {
                clock.advanceMillis(step);
                elapsed += step;
                total += pacer.due();
            }
        }
        assertThat(elapsed).isEqualTo(20_000);
        assertThat(total).isEqualTo(5_000);
    }

    @Test
    void slowRatesWaitForAWholeEvent() {
        EventPacer pacer = new EventPacer(0.5, clock);
        pacer.due();
        clock.advanceMillis(1_900);
        assertThat(pacer.due()).isZero();
        clock.advanceMillis(100);
        assertThat(pacer.due()).isEqualTo(1);
        clock.advanceMillis(1_000);
        assertThat(pacer.due()).isZero();
    }

    @Test
    void aStallIsMadeUpByAtMostOneSecond() {
        EventPacer pacer = new EventPacer(100, clock);
        pacer.due();
        clock.advanceMillis(1_000);
        assertThat(pacer.due()).isEqualTo(100);

        clock.advanceMillis(60_000);
        int afterStall = pacer.due();
        assertThat(afterStall).isPositive().isLessThanOrEqualTo(100);
        assertThat(pacer.due()).isZero(); // the backlog is forgotten, not spread over the next ticks

        long total = 0;
        for (int tick = 0; tick < 10; tick++) {
            clock.advanceMillis(100);
            int due = pacer.due();
            assertThat(due).as("tick %d after the stall", tick).isBetween(9, 11);
            total += due;
        }
        assertThat(total).isEqualTo(100);
    }

    @Test
    void backlogJustOverASecondIsCapped() {
        EventPacer pacer = new EventPacer(100, clock);
        pacer.due();
        clock.advanceMillis(1_500);
        assertThat(pacer.due()).isEqualTo(100);
        clock.advanceMillis(100);
        assertThat(pacer.due()).isEqualTo(10);
    }

    @Test
    void aStallAtAFractionalRateStillLetsOneEventThrough() {
        EventPacer pacer = new EventPacer(0.25, clock);
        pacer.due();
        clock.advanceMillis(60_000); // 15 events behind
        assertThat(pacer.due()).isEqualTo(1);
        assertThat(pacer.due()).isZero();
        clock.advanceMillis(4_000);
        assertThat(pacer.due()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-0.001", "NaN", "0.0009"})
    void theRateSettingIsAboveZero(String rate) {
        assertThatThrownBy(() -> Generator.RATE.type().parse(Generator.RATE.key(), rate))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property generator.rate = ");
    }

    @Test
    void neverNegative() {
        EventPacer pacer = new EventPacer(1_000, clock);
        for (int i = 0; i < 1_000; i++) {
            clock.advanceMillis(i % 3);
            assertThat(pacer.due()).isNotNegative();
        }
    }
}
