package clickstream.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the user did. Serialised as the lower-case {@link #value()}, e.g. {@code "login"}. */
public enum EventType {
    LOGIN(false),
    VIEW(true),
    LIKE(true),
    COMMENT(true),
    SHARE(true),
    LOGOUT(false),
    /** A first-time user signing up, just before the first login of their first session. */
    REGISTER(false);

    private final String value;
    private final boolean articleEvent;

    EventType(boolean articleEvent) {
        this.value = name().toLowerCase(Locale.ROOT);
        this.articleEvent = articleEvent;
    }

    /** The JSON value; Jackson also reads it back through this method. */
    @JsonValue
    public String value() {
        return value;
    }

    /** True for view/like/comment/share, the events that carry {@code article_id} and {@code category}. */
    public boolean isArticleEvent() {
        return articleEvent;
    }
}
