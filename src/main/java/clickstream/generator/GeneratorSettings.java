package clickstream.generator;

import java.security.SecureRandom;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;

/**
 * How {@link ClickstreamGenerator} simulates the site. Every component is a setting declared in
 * {@link Generator} (key, range, doc), read and checked by {@link #from(Settings)}.
 *
 * @param usersPoolSize       distinct users, reused across sessions ({@code generator.users})
 * @param articlesPerCategory articles in each of the 8 categories ({@code generator.articles-per-category})
 * @param seed                same settings and seed give the same content (users, articles, sessions, devices, event
 *                            types, texts, timing structure) but never the same event or session ids, see
 *                            {@link RunIds}; the app draws one per run when {@code generator.seed} is blank
 *                            ({@link #randomSeed()})
 * @param maxActiveSessions   sessions open at once; at most {@code usersPoolSize} because a user has at most one
 *                            open session ({@code generator.max-active-sessions})
 * @param meanSessionEvents   mean number of events after the login (views, likes, ...), geometric
 *                            ({@code generator.mean-session-events})
 * @param logoutProbability   chance a session ends with an explicit logout rather than just stopping
 *                            ({@code generator.logout-probability})
 * @param zipfExponent        skew of article popularity within a category, 0 = uniform ({@code generator.zipf-exponent})
 * @param botShare            share of sessions that are crawlers ({@code generator.bot-share})
 * @param breakingNews        the optional breaking-news spike ({@code generator.breaking-news.*})
 */
public record GeneratorSettings(
        int usersPoolSize,
        int articlesPerCategory,
        long seed,
        int maxActiveSessions,
        int meanSessionEvents,
        double logoutProbability,
        double zipfExponent,
        double botShare,
        BreakingNews breakingNews) {

    /** The seed of {@link #defaults()}, for tests and the benchmark; application.properties leaves it blank. */
    public static final long DEFAULT_SEED = 42L;

    /** Without crawlers or a spike. */
    public GeneratorSettings(int usersPoolSize, int articlesPerCategory, long seed, int maxActiveSessions,
            int meanSessionEvents, double logoutProbability, double zipfExponent) {
        this(usersPoolSize, articlesPerCategory, seed, maxActiveSessions, meanSessionEvents, logoutProbability,
                zipfExponent, 0, BreakingNews.NONE);
    }

    public GeneratorSettings {
        java.util.Objects.requireNonNull(breakingNews, "breakingNews");
        // the ranges are the settings' (SettingsCatalog.Generator); this one spans two of them
        if (maxActiveSessions > usersPoolSize) {
            throw new ConfigurationException("Property " + Generator.MAX_ACTIVE_SESSIONS.key() + " = " + maxActiveSessions
                    + " is more than " + Generator.USERS.key() + " = " + usersPoolSize + ": a user has at most one open"
                    + " session, so set it to " + usersPoolSize + " or less, or raise " + Generator.USERS.key());
        }
    }

    /**
     * The generator's settings as the app reads them; an unset {@code generator.seed} draws a seed of this run's own
     * ({@link #randomSeed()}, logged by GeneratorService), so restarts and replicas differ.
     */
    public static GeneratorSettings from(Settings settings) {
        return new GeneratorSettings(settings.get(Generator.USERS), settings.get(Generator.ARTICLES_PER_CATEGORY),
                settings.optional(Generator.SEED).orElseGet(GeneratorSettings::randomSeed),
                settings.get(Generator.MAX_ACTIVE_SESSIONS), settings.get(Generator.MEAN_SESSION_EVENTS),
                settings.get(Generator.LOGOUT_PROBABILITY), settings.get(Generator.ZIPF_EXPONENT),
                settings.get(Generator.BOT_SHARE), BreakingNews.from(settings));
    }

    /**
     * The defaults of application.properties (1000 users, 200 articles per category, 200 sessions), except the seed:
     * a fixed {@value #DEFAULT_SEED} here, so code that builds a generator gets repeatable content.
     */
    public static GeneratorSettings defaults() {
        return from(Settings.ofApplicationProperties()).withSeed(DEFAULT_SEED);
    }

    /** The defaults with these four. */
    public static GeneratorSettings of(int usersPoolSize, int articlesPerCategory, long seed, int maxActiveSessions) {
        GeneratorSettings d = defaults();
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, seed, maxActiveSessions,
                d.meanSessionEvents(), d.logoutProbability(), d.zipfExponent(), d.botShare(), d.breakingNews());
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, newSeed, maxActiveSessions,
                meanSessionEvents, logoutProbability, zipfExponent, botShare, breakingNews);
    }

    public GeneratorSettings withBotShare(double share) {
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, seed, maxActiveSessions,
                meanSessionEvents, logoutProbability, zipfExponent, share, breakingNews);
    }

    public GeneratorSettings withBreakingNews(BreakingNews spike) {
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, seed, maxActiveSessions,
                meanSessionEvents, logoutProbability, zipfExponent, botShare, spike);
    }

    /**
     * A seed for a run whose {@code generator.seed} is blank: drawn from SecureRandom, so instances started at the same
     * moment still get different content; non-negative, so the logged value reads as a plain number.
     */
    public static long randomSeed() {
        return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }
}
