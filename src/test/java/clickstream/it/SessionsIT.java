package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.Category;
import clickstream.model.ClickEvent;
import clickstream.model.DeviceType;
import clickstream.model.EventType;
import clickstream.model.IndexNames;
import clickstream.model.Timestamps;

/**
 * The sessions index is derived from the indexed events by the sessions route: a session that goes on across a
 * restart of the app ends up with all its events, one that went quiet is closed for inactivity, and every document
 * matches a recount of the events done here with an aggregation of the test's own.
 */
class SessionsIT extends PipelineTestSupport {

    private static final Duration INACTIVITY = Duration.ofMinutes(10);

    @Test
    void sessionsFollowTheEventsAcrossARestartAndMatchARecount() throws Exception {
        TestNames names = names("sessions-rollup");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("sessions.enabled", "true");
        props.put("sessions.interval", "1s");
        props.put("sessions.inactivity", "10m");
        // the events below are timestamped up to 21 minutes before the app indexes them: a lookback that covers it
        props.put("sessions.lookback", "30m");
        String sessions = IndexNames.sessionsIndex(names.indexPrefix());
        String events = IndexNames.eventsPattern(names.indexPrefix());

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // a session that spans the restart: login and a view before it, more views, a like and the logout after
        List<ClickEvent> before = List.of(
                event("s-restart", 1, EventType.LOGIN, now.minusSeconds(40), null),
                event("s-restart", 2, EventType.VIEW, now.minusSeconds(30), "tech-00001"));
        List<ClickEvent> after = new ArrayList<>();
        // one view 20 minutes ago and nothing since: a bounce, ended by inactivity
        before = new ArrayList<>(before);
        before.add(event("s-quiet", 1, EventType.LOGIN, now.minus(Duration.ofMinutes(21)), null));
        before.add(event("s-quiet", 2, EventType.VIEW, now.minus(Duration.ofMinutes(20)), "sports-00002"));
        // a crawler's session: every event carries is_bot
        before.add(event("s-bot", 1, EventType.LOGIN, now.minusSeconds(12), null, true));
        before.add(event("s-bot", 2, EventType.VIEW, now.minusSeconds(11), "world-00003", true));
        before.add(event("s-bot", 3, EventType.VIEW, now.minusSeconds(10), "world-00004", true));
        // plenty of ordinary sessions for the recount
        List<ClickEvent> generated = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(13), Clock.systemUTC())
                .next(400);
        before.addAll(generated);

        try (RunningApp app = startApp(props)) {
            kafka.produceEvents(names.topic(), before);
            awaitSearchable().untilAsserted(() -> {
                JsonNode open = sessionDoc(sessions, "s-restart");
                assertThat(open.path("events").asInt()).isEqualTo(2);
                assertThat(open.path("end_reason").asText()).isEqualTo("open");
                JsonNode quiet = sessionDoc(sessions, "s-quiet");
                assertThat(quiet.path("end_reason").asText()).isEqualTo("inactivity");
                assertThat(quiet.path("bounce").asBoolean()).isTrue();
                assertThat(quiet.path("is_bot").asBoolean()).isFalse();
                JsonNode bot = sessionDoc(sessions, "s-bot");
                assertThat(bot.path("is_bot").asBoolean()).isTrue();
                assertThat(bot.path("articles_viewed").asInt()).isEqualTo(2);
            });
        }
        // what the next run starts from is in OpenSearch, not in the stopped app
        assertThat(search.get("/" + sessions + "/_mapping").path(sessions).path("mappings").path("_meta")
                .path("clickstream_sessions_watermark").asText()).as("watermark in %s's _meta", sessions).isNotEmpty();

        // while the app is down the session goes on: these wait in Kafka
        Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        after.add(event("s-restart", 3, EventType.VIEW, later.minusSeconds(3), "tech-00002"));
        after.add(event("s-restart", 4, EventType.VIEW, later.minusSeconds(2), "tech-00001"));
        after.add(event("s-restart", 5, EventType.LIKE, later.minusSeconds(1), "tech-00001"));
        after.add(event("s-restart", 6, EventType.LOGOUT, later, null));
        kafka.produceEvents(names.topic(), after);

        try (RunningApp app = startApp(props)) {
            awaitSearchable().untilAsserted(() -> {
                JsonNode s = sessionDoc(sessions, "s-restart");
                assertThat(s.path("events").asInt()).isEqualTo(6);
                assertThat(s.path("end_reason").asText()).isEqualTo("logout");
                assertThat(s.path("views").asInt()).isEqualTo(3);
                assertThat(s.path("articles_viewed").asInt()).isEqualTo(2);
                assertThat(s.path("likes").asInt()).isEqualTo(1);
                assertThat(s.path("bounce").asBoolean()).isFalse();
                assertThat(s.path("is_bot").asBoolean()).isFalse();
                assertThat(s.path("user_id").asText()).isEqualTo("user-restart");
                assertThat(s.path("device_type").asText()).isEqualTo("mobile");
                assertThat(s.path("category_mix").path("tech").asInt()).isEqualTo(4);
                assertThat(Timestamps.parse(s.path("first_event_time").asText())).isEqualTo(now.minusSeconds(40));
                assertThat(Timestamps.parse(s.path("last_event_time").asText())).isEqualTo(later);
                assertThat(s.path("duration_ms").asLong()).isEqualTo(Duration.between(now.minusSeconds(40), later).toMillis());
            });
            long total = before.size() + after.size();
            awaitSearchable().until(() -> search.count(events) == total);
            // every session document equals the recount, and there is one per session_id
            awaitSearchable().untilAsserted(() ->
                    assertThat(sessionDocs(sessions)).isEqualTo(recount(events)));
        }
    }

    /** Polls that ride out the 503s of a sessions index whose shard is still being created. */
    private static ConditionFactory awaitSearchable() {
        return await().atMost(Duration.ofMinutes(2)).ignoreException(OpenSearchProbe.NotReadyException.class);
    }

    private static ClickEvent event(String session, int n, EventType type, Instant at, String article) {
        return event(session, n, type, at, article, null);
    }

    private static ClickEvent event(String session, int n, EventType type, Instant at, String article, Boolean bot) {
        Category category = article == null ? null : Category.valueOf(article.substring(0, article.indexOf('-')).toUpperCase());
        String eventId = UUID.nameUUIDFromBytes((session + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
        return new ClickEvent(eventId, type, "user-" + session.substring(2), session,
                Timestamps.format(at), DeviceType.MOBILE, article, category, null, "https://example.org/", "it", bot);
    }

    private JsonNode sessionDoc(String index, String id) {
        JsonNode hits = search.post("/" + index + "/_search?ignore_unavailable=true",
                "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}").path("hits").path("hits");
        assertThat(hits).as("session document %s", id).hasSize(1);
        return hits.get(0).path("_source");
    }

    /** The session documents, as the comparable summary of {@link #recount}. */
    private Map<String, Map<String, Object>> sessionDocs(String index) {
        search.post("/" + index + "/_refresh", "{}");
        Map<String, Map<String, Object>> result = new TreeMap<>();
        JsonNode hits = search.post("/" + index + "/_search", "{\"size\":10000}").path("hits").path("hits");
        for (JsonNode hit : hits) {
            JsonNode s = hit.path("_source");
            Map<String, Object> row = new TreeMap<>();
            row.put("id", hit.path("_id").asText());
            row.put("user", s.path("user_id").asText());
            row.put("device", s.path("device_type").asText());
            row.put("first", Timestamps.parse(s.path("first_event_time").asText()));
            row.put("last", Timestamps.parse(s.path("last_event_time").asText()));
            row.put("duration", s.path("duration_ms").asLong());
            row.put("events", s.path("events").asLong());
            row.put("views", s.path("views").asLong());
            row.put("articles", s.path("articles_viewed").asLong());
            row.put("likes", s.path("likes").asLong());
            row.put("comments", s.path("comments").asLong());
            row.put("shares", s.path("shares").asLong());
            Map<String, Long> mix = new TreeMap<>();
            s.path("category_mix").fields().forEachRemaining(e -> mix.put(e.getKey(), e.getValue().asLong()));
            row.put("mix", mix);
            Set<String> categories = new HashSet<>();
            s.path("categories").forEach(c -> categories.add(c.asText()));
            row.put("categories", categories);
            row.put("bounce", s.path("bounce").asBoolean());
            row.put("bot", s.path("is_bot").asBoolean());
            row.put("end", s.path("end_reason").asText());
            result.put(s.path("session_id").asText(), row);
        }
        assertThat(result).as("one document per session_id").hasSize(hits.size());
        return result;
    }

    /** The same summary, recounted from the events with this test's own aggregation. */
    private Map<String, Map<String, Object>> recount(String events) {
        search.post("/" + events + "/_refresh", "{}");
        StringBuilder perType = new StringBuilder();
        for (EventType type : EventType.values()) {
            perType.append(",\"").append(type.value()).append("\":{\"filter\":{\"term\":{\"event_type\":\"")
                    .append(type.value()).append("\"}}")
                    .append(type == EventType.VIEW ? ",\"aggs\":{\"distinct\":{\"cardinality\":{\"field\":\"article_id\"}}}" : "")
                    .append('}');
        }
        String query = "{\"size\":0,\"aggs\":{\"s\":{\"terms\":{\"field\":\"session_id\",\"size\":10000},\"aggs\":{"
                + "\"first\":{\"min\":{\"field\":\"timestamp\"}},\"last\":{\"max\":{\"field\":\"timestamp\"}},"
                + "\"user\":{\"terms\":{\"field\":\"user_id\"}},\"device\":{\"terms\":{\"field\":\"device_type\"}},"
                + "\"bot\":{\"max\":{\"field\":\"is_bot\"}},"
                + "\"cat\":{\"filter\":{\"exists\":{\"field\":\"category\"}},\"aggs\":{\"c\":{\"terms\":{\"field\":\"category\"}}}}"
                + perType + "}}}}";
        Instant now = Instant.now();
        Map<String, Map<String, Object>> result = new TreeMap<>();
        for (JsonNode b : search.post("/" + events + "/_search", query).path("aggregations").path("s").path("buckets")) {
            String id = b.path("key").asText();
            long first = b.path("first").path("value").asLong();
            long last = b.path("last").path("value").asLong();
            Map<String, Object> row = new TreeMap<>();
            row.put("id", id);
            row.put("user", b.path("user").path("buckets").get(0).path("key").asText());
            row.put("device", b.path("device").path("buckets").get(0).path("key").asText());
            row.put("first", Instant.ofEpochMilli(first));
            row.put("last", Instant.ofEpochMilli(last));
            row.put("duration", last - first);
            row.put("events", b.path("doc_count").asLong());
            long views = b.path("view").path("doc_count").asLong();
            long likes = b.path("like").path("doc_count").asLong();
            long comments = b.path("comment").path("doc_count").asLong();
            long shares = b.path("share").path("doc_count").asLong();
            row.put("views", views);
            row.put("articles", b.path("view").path("distinct").path("value").asLong());
            row.put("likes", likes);
            row.put("comments", comments);
            row.put("shares", shares);
            Map<String, Long> mix = new TreeMap<>();
            b.path("cat").path("c").path("buckets").forEach(c -> mix.put(c.path("key").asText(), c.path("doc_count").asLong()));
            row.put("mix", mix);
            row.put("categories", new HashSet<>(mix.keySet()));
            row.put("bounce", views == 1 && likes + comments + shares == 0);
            // max of a boolean field: 1 when any event is a bot's, null when none carries is_bot
            row.put("bot", b.path("bot").path("value").asDouble(0) == 1.0);
            boolean loggedOut = b.path("logout").path("doc_count").asLong() > 0;
            row.put("end", loggedOut ? "logout"
                    : Duration.between(Instant.ofEpochMilli(last), now).compareTo(INACTIVITY) > 0 ? "inactivity" : "open");
            result.put(id, row);
        }
        assertThat(result).as("sessions in the events").isNotEmpty();
        return result;
    }
}
