package clickstream.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import clickstream.model.Timestamps;

/**
 * A session document is built from an aggregation answer that comes over HTTP (outside input): whatever counts and
 * event types the answer holds, including types this build does not know (the generator's register) and buckets with
 * parts missing, the document is complete and consistent with the counts, and the same answer gives the same document.
 */
class SessionDocumentPropertyTest {

    private static final Duration INACTIVITY = Duration.ofMinutes(30);

    @Property
    void aDocumentFollowsItsBucket(@ForAll("types") String type, @ForAll @IntRange(min = 0, max = 50) int views,
            @ForAll @IntRange(min = 0, max = 5) int likes, @ForAll @IntRange(min = 0, max = 5) int logouts,
            @ForAll @IntRange(min = 0, max = 50) int others, @ForAll @LongRange(min = 0, max = 86_400_000) long duration,
            @ForAll @LongRange(min = 0, max = 7_200_000) long sinceLast, @ForAll boolean bot, @ForAll boolean partial) {
        long first = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
        ObjectNode bucket = SessionQueries.JSON.createObjectNode();
        bucket.put("key", "s-1").put("doc_count", views + likes + logouts + others);
        bucket.putObject("first").put("value", first);
        bucket.putObject("last").put("value", first + duration);
        ArrayNode types = bucket.putObject("types").putArray("buckets");
        types.addObject().put("key", "view").put("doc_count", views);
        types.addObject().put("key", "like").put("doc_count", likes);
        types.addObject().put("key", "logout").put("doc_count", logouts);
        types.addObject().put("key", type).put("doc_count", others);
        if (!partial) {
            bucket.putObject("user").putArray("buckets").addObject().put("key", "user-1");
            bucket.putObject("device").putArray("buckets").addObject().put("key", "desktop");
            bucket.putObject("bot_events").put("doc_count", bot ? 1 : 0);
        }
        Instant now = Instant.ofEpochMilli(first + duration + sinceLast);

        ObjectNode doc = SessionQueries.document(bucket, now, INACTIVITY);

        assertThat(doc).isEqualTo(SessionQueries.document(bucket, now, INACTIVITY));
        assertThat(doc.path("events").asInt()).isEqualTo(views + likes + logouts + others);
        assertThat(doc.path("duration_ms").asLong()).isEqualTo(duration);
        assertThat(Timestamps.parse(doc.path("last_event_time").asText())).isEqualTo(Instant.ofEpochMilli(first + duration));
        assertThat(doc.path("bounce").asBoolean()).isEqualTo(views == 1 && likes == 0
                && (others == 0 || !java.util.Set.of("comment", "share").contains(type)));
        assertThat(doc.path("is_bot").asBoolean()).isEqualTo(!partial && bot);
        String end = doc.path("end_reason").asText();
        if (logouts > 0) {
            assertThat(end).isEqualTo("logout");
        } else {
            assertThat(end).isEqualTo(sinceLast > INACTIVITY.toMillis() ? "inactivity" : "open");
        }
        for (String field : new String[] {"session_id", "first_event_time", "last_event_time", "bounce", "is_bot",
                "end_reason", "categories", "category_mix"}) {
            JsonNode value = doc.path(field);
            assertThat(value.isMissingNode() || value.isNull()).as(field).isFalse();
        }
    }

    @Provide
    Arbitrary<String> types() {
        // any other type than the three counted in their own buckets: an answer names a type once
        return Arbitraries.oneOf(Arbitraries.of("register", "login", "comment", "share"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
                .filter(t -> !java.util.Set.of("view", "like", "logout").contains(t));
    }
}
