package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class EngagementRatesTest {

    @Test
    void queryCountsArticleEventTypesPerCategoryAndDeviceInTheRange() {
        ObjectNode query = EngagementRates.query(DashboardRange.HOUR_1, BotFilter.EXCLUDE);
        assertThat(query.at("/query/bool/filter/0/range/timestamp/gte").asText()).isEqualTo("now-1h");
        assertThat(query.at("/query/bool/filter/1/terms/event_type").toString())
                .isEqualTo("[\"view\",\"like\",\"comment\",\"share\"]");
        assertThat(query.at("/query/bool/must_not/0/term/is_bot").asBoolean()).isTrue();
        assertThat(query.at("/aggs/categories/terms/field").asText()).isEqualTo("category");
        assertThat(query.at("/aggs/categories/terms/include")).hasSize(8);
        assertThat(query.at("/aggs/categories/aggs/types/terms/field").asText()).isEqualTo("event_type");
        assertThat(query.at("/aggs/devices/terms/field").asText()).isEqualTo("device_type");
        assertThat(query.at("/aggs/types/terms/field").asText()).isEqualTo("event_type");
        assertThat(EngagementRates.query(DashboardRange.HOUR_1, BotFilter.INCLUDE).at("/query/bool").has("must_not")).isFalse();
    }

    @Test
    void ratesAreActionsPerViewAndNullWithoutViews() throws Exception {
        JsonNode answer = DashboardQueries.JSON.readTree("""
                {"aggregations":{
                  "categories":{"buckets":[{"key":"tech","types":{"buckets":[{"key":"view","doc_count":8},
                    {"key":"like","doc_count":2},{"key":"comment","doc_count":1}]}},
                    {"key":"world","types":{"buckets":[{"key":"share","doc_count":3}]}}]},
                  "devices":{"buckets":[{"key":"mobile","types":{"buckets":[{"key":"view","doc_count":3},{"key":"share","doc_count":1}]}}]},
                  "types":{"buckets":[{"key":"view","doc_count":8},{"key":"like","doc_count":2},{"key":"comment","doc_count":1},
                    {"key":"share","doc_count":3}]}}}""");
        ObjectNode shaped = EngagementRates.shape(DashboardRange.MINUTES_15, BotFilter.EXCLUDE, answer);
        assertThat(shaped.path("range").asText()).isEqualTo("15m");
        assertThat(shaped.path("categories")).hasSize(8);
        assertThat(shaped.path("categories").get(1).toString()).isEqualTo("{\"key\":\"tech\",\"views\":8,\"likes\":2,"
                + "\"comments\":1,\"shares\":0,\"likesPerView\":0.25,\"commentsPerView\":0.125,\"sharesPerView\":0.0}");
        JsonNode world = shaped.path("categories").get(7);
        assertThat(world.path("key").asText()).isEqualTo("world");
        assertThat(world.path("shares").asLong()).isEqualTo(3);
        assertThat(world.path("sharesPerView").isNull()).isTrue();
        assertThat(shaped.path("categories").get(0).path("views").asLong()).isZero();
        assertThat(shaped.path("devices").get(0).path("key").asText()).isEqualTo("desktop");
        assertThat(shaped.path("devices").get(1).path("sharesPerView").asDouble()).isEqualTo(0.3333);
        assertThat(shaped.path("total").path("likesPerView").asDouble()).isEqualTo(0.25);
        assertThat(shaped.path("total").path("sharesPerView").asDouble()).isEqualTo(0.375);
    }
}
