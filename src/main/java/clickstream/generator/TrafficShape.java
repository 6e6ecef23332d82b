package clickstream.generator;

import java.util.Arrays;
import java.util.Optional;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;

/**
 * How the rate moves over time: the time-of-day curve ({@code generator.time-of-day}, 24 multipliers by UTC hour of
 * the event clock, flat when unset) times the breaking-news spike's rate factor while the spike lasts. The spike's
 * start is the first time this is asked (the generator's first tick).
 */
public final class TrafficShape implements EventPacer.RateShape {

    private static final long HOUR_MILLIS = 3_600_000L;

    private final double[] hourly;
    private final BreakingNews breakingNews;
    private long startMillis = Long.MIN_VALUE;

    /** @param hourly 24 factors, hour 0 to 23 UTC; null = flat */
    public TrafficShape(double[] hourly, BreakingNews breakingNews) {
        if (hourly != null && hourly.length != 24) {
            throw new IllegalArgumentException("24 hourly factors, not " + hourly.length);
        }
        this.hourly = hourly == null ? null : hourly.clone();
        this.breakingNews = breakingNews;
    }

    /** The shape the settings ask for; {@link EventPacer.RateShape#FLAT} when neither curve nor spike is set. */
    public static EventPacer.RateShape from(Settings settings) {
        Optional<String> curve = settings.optional(Generator.TIME_OF_DAY);
        BreakingNews spike = BreakingNews.from(settings);
        if (curve.isEmpty() && !spike.enabled()) {
            return FLAT;
        }
        return new TrafficShape(curve.map(TrafficShape::parseCurve).orElse(null), spike);
    }

    /** The setting's text (already checked against its pattern: 24 numbers) as factors. */
    static double[] parseCurve(String text) {
        double[] factors = Arrays.stream(text.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        if (factors.length != 24 || Arrays.stream(factors).sum() <= 0) {
            throw new ConfigurationException("Property " + Generator.TIME_OF_DAY.key() + " = '" + text + "' is not valid: "
                    + "give 24 multipliers, hours 0 to 23 UTC, not all 0 (or leave it unset for a flat rate)");
        }
        return factors;
    }

    /** The curve's factor for the UTC hour of {@code millis}; 1 when flat. */
    double hourFactor(long millis) {
        return hourly == null ? 1.0 : hourly[(int) Math.floorMod(Math.floorDiv(millis, HOUR_MILLIS), 24L)];
    }

    @Override
    public synchronized double factor(long millis) {
        if (startMillis == Long.MIN_VALUE) {
            startMillis = millis;
        }
        double spike = breakingNews.active(startMillis, millis) ? breakingNews.rateFactor() : 1.0;
        return hourFactor(millis) * spike;
    }
}
