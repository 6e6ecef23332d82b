package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;

class TrafficShapeTest {

    private static final long HOUR = 3_600_000L;
    private static final long MIDNIGHT = Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();

    @Test
    void theCurveMultipliesTheRateByTheUtcHour() {
        double[] hourly = new double[24];
        for (int h = 0; h < 24; h++) {
            hourly[h] = h < 6 ? 0.25 : 1.5;
        }
        TrafficShape shape = new TrafficShape(hourly, BreakingNews.NONE);
        assertThat(shape.factor(MIDNIGHT + 3 * HOUR)).isEqualTo(0.25);
        assertThat(shape.factor(MIDNIGHT + 9 * HOUR + 59 * 60_000)).isEqualTo(1.5);

        // the pacer gives a quarter of the rate at night, 1.5 times it by day
        long[] nanos = {0};
        long[] wall = {MIDNIGHT + 3 * HOUR};
        EventPacer pacer = new EventPacer(100, () -> nanos[0], new TrafficShape(hourly, BreakingNews.NONE), () -> wall[0]);
        pacer.due();
        long night = 0;
        for (int tick = 0; tick < 100; tick++) {
            nanos[0] += 100_000_000L;
            night += pacer.due();
        }
        wall[0] = MIDNIGHT + 12 * HOUR;
        long day = 0;
        for (int tick = 0; tick < 100; tick++) {
            nanos[0] += 100_000_000L;
            day += pacer.due();
        }
        assertThat(night).isBetween(249L, 251L);
        assertThat(day).isBetween(1499L, 1501L);
    }

    @Test
    void theSpikeRaisesTheRateOnlyWhileItLasts() {
        BreakingNews spike = new BreakingNews(Optional.of(Duration.ofMinutes(2)), Duration.ofMinutes(10), 0.5, 3);
        TrafficShape shape = new TrafficShape(null, spike);
        assertThat(shape.factor(MIDNIGHT)).isEqualTo(1.0); // starts the clock
        assertThat(shape.factor(MIDNIGHT + 119_999)).isEqualTo(1.0);
        assertThat(shape.factor(MIDNIGHT + 120_000)).isEqualTo(3.0);
        assertThat(shape.factor(MIDNIGHT + 12 * 60_000 - 1)).isEqualTo(3.0);
        assertThat(shape.factor(MIDNIGHT + 12 * 60_000)).isEqualTo(1.0);
    }

    @Test
    void unsetMeansFlatAndAWrongCurveIsOneLine() {
        assertThat(TrafficShape.from(settings(Generator.TIME_OF_DAY.key(), ""))).isSameAs(EventPacer.RateShape.FLAT);
        assertThat(TrafficShape.from(settings(Generator.TIME_OF_DAY.key(), "1,".repeat(23) + "2")))
                .isInstanceOf(TrafficShape.class);
        assertThatThrownBy(() -> TrafficShape.from(settings(Generator.TIME_OF_DAY.key(), "1,2,3")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(Generator.TIME_OF_DAY.key());
        assertThatThrownBy(() -> TrafficShape.from(settings(Generator.TIME_OF_DAY.key(), "0,".repeat(23) + "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not all 0");
        assertThat(TrafficShape.from(settings(Generator.BREAKING_NEWS_AFTER.key(), "2m"))).isInstanceOf(TrafficShape.class);
    }

    private static Settings settings(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(Generator.BREAKING_NEWS_DURATION.key(), "10m");
        properties.setProperty(Generator.BREAKING_NEWS_SHARE.key(), "0.5");
        properties.setProperty(Generator.BREAKING_NEWS_RATE_FACTOR.key(), "2");
        properties.setProperty(key, value);
        return Settings.of(properties);
    }
}
