package clickstream.generator;

import java.time.Duration;
import java.util.Optional;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;

/**
 * The optional breaking-news spike ({@code generator.breaking-news.*}): {@code after} the generator's first event,
 * for {@code duration}, one article (picked from the seed, far down its category's ranking so that it is suddenly
 * hot rather than already popular) takes {@code share} of the people's article picks, and the rate is
 * {@code rateFactor} times {@code generator.rate}.
 *
 * @param after      empty = no spike
 * @param duration   how long it lasts
 * @param share      share of a person's article picks that go to the hot article while it lasts
 * @param rateFactor the rate's factor while it lasts
 */
public record BreakingNews(Optional<Duration> after, Duration duration, double share, double rateFactor) {

    /** No spike. */
    public static final BreakingNews NONE = new BreakingNews(Optional.empty(), Duration.ofMinutes(10), 0.5, 2);

    public static BreakingNews from(Settings settings) {
        return new BreakingNews(settings.optional(Generator.BREAKING_NEWS_AFTER),
                settings.get(Generator.BREAKING_NEWS_DURATION), settings.get(Generator.BREAKING_NEWS_SHARE),
                settings.get(Generator.BREAKING_NEWS_RATE_FACTOR));
    }

    public boolean enabled() {
        return after.isPresent();
    }

    /** Whether the spike is on at {@code millis}, for a generator that started at {@code startMillis}. */
    boolean active(long startMillis, long millis) {
        if (after.isEmpty()) {
            return false;
        }
        long from = startMillis + after.get().toMillis();
        return millis >= from && millis - from < duration.toMillis();
    }
}
