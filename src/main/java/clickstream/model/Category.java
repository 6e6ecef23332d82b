package clickstream.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The news-site section an article belongs to. Serialised as the lower-case {@link #value()}, which is also the
 * prefix of the article ids ({@code tech-00042}).
 */
public enum Category {
    POLITICS,
    TECH,
    SPORTS,
    BUSINESS,
    ENTERTAINMENT,
    SCIENCE,
    HEALTH,
    WORLD;

    private final String value = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String value() {
        return value;
    }
}
