package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class SessionStatsTest {

    @Test
    void queryBucketsDurationsOfSessionsActiveInTheRange() {
        ObjectNode query = SessionStats.query(DashboardRange.MINUTES_15, BotFilter.EXCLUDE);
        assertThat(query.at("/query/bool/filter/0/range/last_event_time/gte").asText()).isEqualTo("now-15m");
        assertThat(query.at("/query/bool/must_not/0/term/is_bot").asBoolean()).isTrue();
        assertThat(query.path("track_total_hits").asBoolean()).isTrue();
        JsonNode ranges = query.at("/aggs/lengths/range/ranges");
        assertThat(query.at("/aggs/lengths/range/field").asText()).isEqualTo("duration_ms");
        assertThat(ranges).hasSize(SessionStats.LENGTHS.size());
        assertThat(ranges.get(0).toString()).isEqualTo("{\"key\":\"< 10 s\",\"from\":0,\"to\":10000}");
        assertThat(ranges.get(ranges.size() - 1).has("to")).isFalse();
        // the buckets tile [0, ∞) without gaps
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).path("from").asLong()).isEqualTo(ranges.get(i - 1).path("to").asLong());
        }
        assertThat(query.at("/aggs/lengths/aggs/open/filter/term/end_reason").asText()).isEqualTo("open");
        assertThat(query.at("/aggs/bounces/filter/term/bounce").asBoolean()).isTrue();
    }

    @Test
    void answerHasEveryBucketTheBounceRateAndTheAverage() throws Exception {
        JsonNode answer = DashboardQueries.JSON.readTree("""
                {"_shards":{"total":1},"hits":{"total":{"value":8}},"aggregations":{
                  "lengths":{"buckets":[{"key":"< 10 s","doc_count":3,"open":{"doc_count":1}},
                    {"key":"1-2 min","doc_count":5,"open":{"doc_count":0}}]},
                  "bounces":{"doc_count":3},"duration":{"value":45250.0}}}""");
        ObjectNode shaped = SessionStats.shape(DashboardRange.HOUR_1, BotFilter.INCLUDE, answer);
        assertThat(shaped.path("available").asBoolean()).isTrue();
        assertThat(shaped.path("sessions").asLong()).isEqualTo(8);
        assertThat(shaped.path("bounceRate").asDouble()).isEqualTo(0.375);
        assertThat(shaped.path("averageSeconds").asDouble()).isEqualTo(45.3);
        assertThat(shaped.path("lengths")).hasSize(8);
        assertThat(shaped.path("lengths").get(0).toString()).isEqualTo("{\"label\":\"< 10 s\",\"sessions\":3,\"open\":1}");
        assertThat(shaped.path("lengths").get(3).path("sessions").asLong()).isEqualTo(5);
        assertThat(shaped.path("lengths").get(1).path("sessions").asLong()).isZero();
    }

    @Test
    void noSessionsIndexIsAnEmptyAnswer() throws Exception {
        // what a search with ignore_unavailable answers for a missing index, and what a 404 becomes
        for (String text : new String[] {"{\"_shards\":{\"total\":0},\"hits\":{\"total\":{\"value\":0}}}", "{}"}) {
            ObjectNode shaped = SessionStats.shape(DashboardRange.MINUTES_15, BotFilter.EXCLUDE, DashboardQueries.JSON.readTree(text));
            assertThat(shaped.path("available").asBoolean()).isFalse();
            assertThat(shaped.path("sessions").asLong()).isZero();
            assertThat(shaped.path("bounceRate").isNull()).isTrue();
            assertThat(shaped.path("averageSeconds").isNull()).isTrue();
            assertThat(shaped.path("lengths")).hasSize(8).allMatch(b -> b.path("sessions").asLong() == 0);
        }
    }
}
