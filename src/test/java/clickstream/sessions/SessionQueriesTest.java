package clickstream.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.Timestamps;

class SessionQueriesTest {

    private static final Duration INACTIVITY = Duration.ofMinutes(30);
    private static final Instant LOGIN = Instant.parse("2026-12-03T10:00:00.000Z");

    /** A recount bucket as OpenSearch answers it. */
    private static JsonNode bucket(String types, String articles, String categories, long lastOffsetMillis) throws Exception {
        return bucket(types, articles, categories, lastOffsetMillis, 7, 0);
    }

    private static JsonNode bucket(String types, String articles, String categories, long lastOffsetMillis, int events,
            int botEvents) throws Exception {
        return SessionQueries.JSON.readTree("""
                {"key":"s-1","doc_count":%d,"bot_events":{"doc_count":%d},
                 "first":{"value":%d},"last":{"value":%d},
                 "user":{"buckets":[{"key":"user-1","doc_count":7}]},
                 "device":{"buckets":[{"key":"tablet","doc_count":7}]},
                 "types":{"buckets":[%s]},
                 "viewed":{"doc_count":3,"articles":{"buckets":[%s]}},
                 "article_events":{"doc_count":5,"categories":{"buckets":[%s]}}}
                """.formatted(events, botEvents, LOGIN.toEpochMilli(), LOGIN.toEpochMilli() + lastOffsetMillis, types, articles, categories));
    }

    @Test
    void aSessionDocumentSumsUpTheBucket() throws Exception {
        JsonNode b = bucket("""
                {"key":"view","doc_count":3},{"key":"like","doc_count":1},{"key":"share","doc_count":1},
                {"key":"login","doc_count":1},{"key":"logout","doc_count":1}""",
                """
                {"key":"tech-1","doc_count":2},{"key":"politics-4","doc_count":1}""",
                """
                {"key":"tech","doc_count":4},{"key":"politics","doc_count":1}""", 90_000);
        ObjectNode doc = SessionQueries.document(b, LOGIN.plusSeconds(100), INACTIVITY);
        assertThat(doc.path("session_id").asText()).isEqualTo("s-1");
        assertThat(doc.path("user_id").asText()).isEqualTo("user-1");
        assertThat(doc.path("device_type").asText()).isEqualTo("tablet");
        assertThat(doc.path("first_event_time").asText()).isEqualTo("2026-12-03T10:00:00.000Z");
        assertThat(doc.path("last_event_time").asText()).isEqualTo("2026-12-03T10:01:30.000Z");
        assertThat(doc.path("duration_ms").asLong()).isEqualTo(90_000);
        assertThat(doc.path("events").asInt()).isEqualTo(7);
        assertThat(doc.path("views").asInt()).isEqualTo(3);
        assertThat(doc.path("articles_viewed").asInt()).isEqualTo(2);
        assertThat(doc.path("likes").asInt()).isEqualTo(1);
        assertThat(doc.path("comments").asInt()).isZero();
        assertThat(doc.path("shares").asInt()).isEqualTo(1);
        assertThat(doc.path("categories")).extracting(JsonNode::asText).containsExactly("tech", "politics");
        assertThat(doc.path("category_mix").path("tech").asInt()).isEqualTo(4);
        assertThat(doc.path("bounce").asBoolean()).isFalse();
        assertThat(doc.path("end_reason").asText()).isEqualTo("logout");
        assertThat(doc.path("is_bot").asBoolean()).isFalse();
        assertThat(doc.path("is_bot").isBoolean()).as("is_bot is always written, false for people").isTrue();
    }

    @Test
    void theSessionsTemplateMapsEveryFieldOfADocumentAndNoOther() throws Exception {
        // the template's mapping is strict: a field it lacks would make every bulk of session documents fail
        JsonNode mapping = SessionQueries.JSON.readTree(SessionRollup.template("cs-sessions", 0, "1s"))
                .path("template").path("mappings");
        assertThat(mapping.path("dynamic").asText()).isEqualTo("strict");
        ObjectNode doc = SessionQueries.document(bucket("""
                {"key":"view","doc_count":1}""", "", """
                {"key":"tech","doc_count":1}""", 1), LOGIN, INACTIVITY);
        List<String> fields = new java.util.ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        List<String> mapped = new java.util.ArrayList<>();
        mapping.path("properties").fieldNames().forEachRemaining(mapped::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(mapped);
    }

    @Test
    void aBotsEventsMakeABotSession() throws Exception {
        JsonNode b = bucket("""
                {"key":"login","doc_count":1},{"key":"view","doc_count":2}""", "", "", 1_000, 3, 3);
        assertThat(SessionQueries.document(b, LOGIN, INACTIVITY).path("is_bot").asBoolean()).isTrue();
    }

    @Test
    void aRegisterEventCountsInEventsOnly() throws Exception {
        // the generator's register event (a first-time user's, before the login) is no article event
        JsonNode b = bucket("""
                {"key":"register","doc_count":1},{"key":"login","doc_count":1},{"key":"view","doc_count":1}""",
                """
                {"key":"tech-1","doc_count":1}""", """
                {"key":"tech","doc_count":1}""", 2_000, 3, 0);
        ObjectNode doc = SessionQueries.document(b, LOGIN.plusSeconds(2), INACTIVITY);
        assertThat(doc.path("events").asInt()).isEqualTo(3);
        assertThat(doc.path("views").asInt()).isEqualTo(1);
        assertThat(doc.path("likes").asInt() + doc.path("comments").asInt() + doc.path("shares").asInt()).isZero();
        assertThat(doc.path("category_mix").path("tech").asInt()).isEqualTo(1);
        assertThat(doc.path("bounce").asBoolean()).isTrue();
        assertThat(doc.path("end_reason").asText()).isEqualTo("open");
    }

    @Test
    void oneViewAndNothingElseIsABounceAndQuietForTheInactivityEndsIt() throws Exception {
        JsonNode b = bucket("""
                {"key":"login","doc_count":1},{"key":"view","doc_count":1}""",
                """
                {"key":"tech-1","doc_count":1}""", """
                {"key":"tech","doc_count":1}""", 5_000);
        Instant last = LOGIN.plusSeconds(5);
        ObjectNode open = SessionQueries.document(b, last.plus(INACTIVITY), INACTIVITY);
        assertThat(open.path("bounce").asBoolean()).isTrue();
        assertThat(open.path("end_reason").asText()).isEqualTo("open");
        ObjectNode ended = SessionQueries.document(b, last.plus(INACTIVITY).plusMillis(1), INACTIVITY);
        assertThat(ended.path("end_reason").asText()).isEqualTo("inactivity");
        // the same events at the same time: the same document (what makes a recompute idempotent)
        assertThat(SessionQueries.document(b, last.plus(INACTIVITY).plusMillis(1), INACTIVITY)).isEqualTo(ended);
    }

    @Test
    void aLikeMakesItNoBounce() throws Exception {
        JsonNode b = bucket("""
                {"key":"view","doc_count":1},{"key":"like","doc_count":1}""", "", "", 1);
        assertThat(SessionQueries.document(b, LOGIN, INACTIVITY).path("bounce").asBoolean()).isFalse();
    }

    @Test
    void theRecountAsksForEverySessionOfThePageOverAllItsEvents() {
        ObjectNode query = SessionQueries.recount(List.of("a", "b", "c"));
        assertThat(query.path("query").path("terms").path("session_id")).hasSize(3);
        assertThat(query.path("query").has("range")).as("no time window: all the session's events").isFalse();
        assertThat(query.path("aggs").path("sessions").path("terms").path("size").asInt()).isEqualTo(3);
    }

    @Test
    void theTouchedPageStartsAtTheWindowAndPagesOnTheAfterKey() throws Exception {
        Instant from = Instant.parse("2026-12-03T09:55:00Z");
        ObjectNode first = SessionQueries.touched("timestamp", from, null, 500);
        assertThat(first.path("query").path("range").path("timestamp").path("gte").asText())
                .isEqualTo(Timestamps.format(from));
        assertThat(first.path("aggs").path("touched").path("composite").has("after")).isFalse();
        assertThat(SessionQueries.touched("indexed_at", Instant.EPOCH, null, 500).path("query").has("match_all")).isTrue();
        JsonNode after = SessionQueries.JSON.readTree("{\"session_id\":\"s-9\"}");
        assertThat(SessionQueries.touched("indexed_at", from, null, 500).path("query").path("range").has("indexed_at"))
                .isTrue();
        assertThat(SessionQueries.touched("timestamp", from, after, 500).path("aggs").path("touched").path("composite").path("after"))
                .isEqualTo(after);
    }

    @Test
    void bulkLinesUseTheSessionIdAsDocumentId() throws Exception {
        ObjectNode doc = SessionQueries.JSON.createObjectNode().put("session_id", "s-\"1");
        String body = SessionQueries.bulkIndex("cs-sessions", List.of(doc));
        String[] lines = body.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(SessionQueries.JSON.readTree(lines[0]).path("index").path("_id").asText()).isEqualTo("s-\"1");
        assertThat(SessionQueries.JSON.readTree(lines[1])).isEqualTo(doc);
        assertThat(SessionQueries.bulkDelete("cs-sessions", List.of("x", "y")).split("\n")).hasSize(2);
    }
}
