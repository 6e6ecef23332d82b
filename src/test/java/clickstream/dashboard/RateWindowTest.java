package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static long seconds(double s) {
        return (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void zeroUntilTwoSamplesThenTheRatePerSecond() {
        RateWindow window = new RateWindow(seconds(10));
        assertThat(window.perSecond()).isEmpty();
        window.add(seconds(0), 0, 0);
        assertThat(window.perSecond()).containsExactly(0, 0);
        window.add(seconds(2), 1000, 400);
        assertThat(window.perSecond()).containsExactly(500, 200);
    }

    @Test
    void spansAboutTheWindowSoAnOldBurstFadesOut() {
        RateWindow window = new RateWindow(seconds(10));
        window.add(seconds(0), 0);
        window.add(seconds(2), 10_000); // a burst
        for (int t = 4; t <= 30; t += 2) {
            window.add(seconds(t), 10_000 + (t - 2) * 100L);
        }
        // 100/s for the last 28 s; the burst is older than the window
        assertThat(window.perSecond()[0]).isEqualTo(100.0);
    }

    @Test
    void aTotalThatWentBackwardsCountsAsZeroNotNegative() {
        RateWindow window = new RateWindow(seconds(10));
        window.add(seconds(0), 50);
        window.add(seconds(1), 10);
        assertThat(window.perSecond()).containsExactly(0);
    }
}
