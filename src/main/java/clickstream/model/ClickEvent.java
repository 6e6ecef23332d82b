package clickstream.model;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One clickstream event as it travels through Kafka into OpenSearch.
 *
 * <p>The JSON names are fixed by {@link JsonProperty} on each component so any plain {@code ObjectMapper} reads
 * and writes them; null fields are left out. The {@code timestamp} is kept as the formatted string
 * ({@link Timestamps}) so that every mapper writes exactly {@code yyyy-MM-ddTHH:mm:ss.SSSZ} and a round trip
 * gives an equal record.
 *
 * <p>Invariants (checked here so a bad event fails where it is made or read, not in OpenSearch):
 * article events (view/like/comment/share) carry {@code article_id} and {@code category}, login/logout do not;
 * {@code comment_text} is present on comments only. {@code is_bot} is written only on events from crawler user agents
 * ({@code true}); a person's events leave it out (null), which keeps the common event a few bytes shorter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"event_id", "event_type", "user_id", "session_id", "timestamp", "device_type", "article_id",
        "category", "comment_text", "referrer", "user_agent", "is_bot"})
public record ClickEvent(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") EventType eventType,
        @JsonProperty("user_id") String userId,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("device_type") DeviceType deviceType,
        @JsonProperty("article_id") String articleId,
        @JsonProperty("category") Category category,
        @JsonProperty("comment_text") String commentText,
        @JsonProperty("referrer") String referrer,
        @JsonProperty("user_agent") String userAgent,
        @JsonProperty("is_bot") Boolean isBot) {

    public ClickEvent {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(eventType, "event_type");
        Objects.requireNonNull(userId, "user_id");
        Objects.requireNonNull(sessionId, "session_id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(deviceType, "device_type");
        boolean articleEvent = eventType.isArticleEvent();
        if (articleEvent != (articleId != null) || articleEvent != (category != null)) {
            throw new IllegalArgumentException(articleEvent
                    ? eventType.value() + " event needs article_id and category"
                    : eventType.value() + " event must not carry article_id or category");
        }
        if ((eventType == EventType.COMMENT) != (commentText != null)) {
            throw new IllegalArgumentException("comment_text is required on comment events and only there, not on "
                    + eventType.value());
        }
    }

    /** Whether a crawler sent it; absent means a person. */
    @JsonIgnore
    public boolean bot() {
        return Boolean.TRUE.equals(isBot);
    }

    /** The timestamp as an {@link Instant}. */
    @JsonIgnore
    public Instant instant() {
        return Timestamps.parse(timestamp);
    }
}
