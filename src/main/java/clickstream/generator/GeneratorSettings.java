package clickstream.generator;

import java.security.SecureRandom;

/**
 * How {@link ClickstreamGenerator} simulates the site. Every component has a property key (the constants below);
 * the constructor rejects out-of-range values with a message that names that key.
 *
 * @param usersPoolSize       distinct users, reused across sessions ({@value #USERS_KEY})
 * @param articlesPerCategory articles in each of the 8 categories ({@value #ARTICLES_PER_CATEGORY_KEY})
 * @param seed                same settings and seed give the same content (users, articles, sessions, devices, event
 *                            types, texts, timing structure) but never the same event or session ids, see
 *                            {@link RunIds}; the app draws one per run when {@value #SEED_KEY} is blank
 *                            ({@link #randomSeed()})
 * @param maxActiveSessions   sessions open at once; at most {@code usersPoolSize} because a user has at most one
 *                            open session ({@value #MAX_ACTIVE_SESSIONS_KEY})
 * @param meanSessionEvents   mean number of events after the login (views, likes, ...), geometric
 *                            ({@value #MEAN_SESSION_EVENTS_KEY})
 * @param logoutProbability   chance a session ends with an explicit logout rather than just stopping
 *                            ({@value #LOGOUT_PROBABILITY_KEY})
 * @param zipfExponent        skew of article popularity within a category, 0 = uniform ({@value #ZIPF_EXPONENT_KEY})
 */
public record GeneratorSettings(
        int usersPoolSize,
        int articlesPerCategory,
        long seed,
        int maxActiveSessions,
        int meanSessionEvents,
        double logoutProbability,
        double zipfExponent) {

    public static final String USERS_KEY = "generator.users";
    public static final String ARTICLES_PER_CATEGORY_KEY = "generator.articles-per-category";
    public static final String SEED_KEY = "generator.seed";
    public static final String MAX_ACTIVE_SESSIONS_KEY = "generator.max-active-sessions";
    public static final String MEAN_SESSION_EVENTS_KEY = "generator.mean-session-events";
    public static final String LOGOUT_PROBABILITY_KEY = "generator.logout-probability";
    public static final String ZIPF_EXPONENT_KEY = "generator.zipf-exponent";

    public static final int DEFAULT_USERS = 1000;
    public static final int DEFAULT_ARTICLES_PER_CATEGORY = 200;
    /** The seed of {@link #defaults()}, for tests and the benchmark; application.properties leaves it blank. */
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_MAX_ACTIVE_SESSIONS = 200;
    public static final int DEFAULT_MEAN_SESSION_EVENTS = 8;
    public static final double DEFAULT_LOGOUT_PROBABILITY = 0.6;
    public static final double DEFAULT_ZIPF_EXPONENT = 1.1;

    // id strings are pre-built per user and article, so the pools are capped to keep that memory modest
    public static final int MAX_USERS = 1_000_000;
    public static final int MAX_ARTICLES_PER_CATEGORY = 100_000;
    public static final int MAX_MEAN_SESSION_EVENTS = 10_000;
    public static final double MAX_ZIPF_EXPONENT = 10.0;

    public GeneratorSettings {
        requireRange(USERS_KEY, usersPoolSize, 1, MAX_USERS);
        requireRange(ARTICLES_PER_CATEGORY_KEY, articlesPerCategory, 1, MAX_ARTICLES_PER_CATEGORY);
        if (maxActiveSessions < 1 || maxActiveSessions > usersPoolSize) {
            throw new IllegalArgumentException(MAX_ACTIVE_SESSIONS_KEY + " must be between 1 and " + USERS_KEY + " ("
                    + usersPoolSize + ") because a user has at most one open session, but was " + maxActiveSessions);
        }
        requireRange(MEAN_SESSION_EVENTS_KEY, meanSessionEvents, 1, MAX_MEAN_SESSION_EVENTS);
        requireRange(LOGOUT_PROBABILITY_KEY, logoutProbability, 0.0, 1.0);
        requireRange(ZIPF_EXPONENT_KEY, zipfExponent, 0.0, MAX_ZIPF_EXPONENT);
    }

    /**
     * The defaults of application.properties (1000 users, 200 articles per category, 200 sessions), except the seed:
     * a fixed {@value #DEFAULT_SEED} here, so code that builds a generator gets repeatable content.
     */
    public static GeneratorSettings defaults() {
        return new GeneratorSettings(DEFAULT_USERS, DEFAULT_ARTICLES_PER_CATEGORY, DEFAULT_SEED,
                DEFAULT_MAX_ACTIVE_SESSIONS, DEFAULT_MEAN_SESSION_EVENTS, DEFAULT_LOGOUT_PROBABILITY,
                DEFAULT_ZIPF_EXPONENT);
    }

    /** The four settings exposed in application.properties, the rest at their defaults. */
    public static GeneratorSettings of(int usersPoolSize, int articlesPerCategory, long seed, int maxActiveSessions) {
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, seed, maxActiveSessions,
                DEFAULT_MEAN_SESSION_EVENTS, DEFAULT_LOGOUT_PROBABILITY, DEFAULT_ZIPF_EXPONENT);
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(usersPoolSize, articlesPerCategory, newSeed, maxActiveSessions,
                meanSessionEvents, logoutProbability, zipfExponent);
    }

    /**
     * A seed for a run whose {@value #SEED_KEY} is blank: drawn from SecureRandom, so instances started at the same
     * moment still get different content; non-negative, so the logged value reads as a plain number.
     */
    public static long randomSeed() {
        return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }

    private static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " but was " + value);
        }
    }

    private static void requireRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) { // also rejects NaN
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " but was " + value);
        }
    }
}
