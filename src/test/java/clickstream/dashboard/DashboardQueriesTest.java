package clickstream.dashboard;

import clickstream.model.IndexNames;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DashboardQueriesTest {

    private static JsonNode json(String text) throws Exception {
        return DashboardQueries.JSON.readTree(text);
    }

    @Test
    void queriesFilterOnTheRangeAndAggregateTheRightFields() throws Exception {
        ObjectNode terms = DashboardQueries.termsQuery(DashboardRange.HOUR_1, "user_id", 7);
        assertThat(terms.path("size").asInt()).isZero();
        assertThat(terms.at("/query/range/timestamp/gte").asText()).isEqualTo("now-1h");
        assertThat(terms.at("/query/range/timestamp/lte").asText()).isEqualTo("now");
        assertThat(terms.at("/aggs/terms/terms/field").asText()).isEqualTo("user_id");
        assertThat(terms.at("/aggs/terms/terms/size").asInt()).isEqualTo(7);

        ObjectNode volume = DashboardQueries.volumeQuery(DashboardRange.HOURS_24);
        assertThat(volume.at("/aggs/volume/date_histogram/fixed_interval").asText()).isEqualTo("20m");
        assertThat(volume.at("/aggs/volume/date_histogram/min_doc_count").asInt()).isZero();
        assertThat(volume.at("/aggs/volume/date_histogram/extended_bounds/min").asText()).isEqualTo("now-24h");

        ObjectNode heat = DashboardQueries.deviceCategoryQuery(DashboardRange.MINUTES_15);
        assertThat(heat.path("size").asInt()).isZero();
        assertThat(heat.at("/query/bool/filter/0/range/timestamp/gte").asText()).isEqualTo("now-15m");
        // article events only: a category on a login event is not a cell
        assertThat(heat.at("/query/bool/filter/1/terms/event_type").toString())
                .isEqualTo("[\"view\",\"like\",\"comment\",\"share\"]");
        assertThat(heat.at("/aggs/devices/terms/field").asText()).isEqualTo("device_type");
        assertThat(heat.at("/aggs/devices/terms/include").toString()).isEqualTo("[\"desktop\",\"mobile\",\"tablet\"]");
        assertThat(heat.at("/aggs/devices/aggs/categories/terms/field").asText()).isEqualTo("category");
        assertThat(heat.at("/aggs/devices/aggs/categories/terms/include")).hasSize(8);
        assertThat(heat.at("/aggs/devices/aggs/categories/terms/size").asInt()).isEqualTo(8);
    }

    @Test
    void eventTypesAndUsersBecomeKeyCountLists() throws Exception {
        JsonNode answer = json("""
                {"hits":{"total":{"value":30,"relation":"eq"}},"aggregations":{"terms":{"buckets":[
                  {"key":"view","doc_count":20},{"key":"login","doc_count":10}]}}}""");
        ObjectNode types = DashboardQueries.shapeEventTypes(DashboardRange.MINUTES_15, answer);
        assertThat(types.toString()).isEqualTo(
                "{\"range\":\"15m\",\"total\":30,\"buckets\":[{\"key\":\"view\",\"count\":20},{\"key\":\"login\",\"count\":10}]}");
        ObjectNode users = DashboardQueries.shapeTopUsers(DashboardRange.HOUR_1, answer);
        assertThat(users.path("users").get(1).path("key").asText()).isEqualTo("login");
        // no index yet: no aggregations at all
        assertThat(DashboardQueries.shapeEventTypes(DashboardRange.HOUR_1, json("{}")).path("buckets")).isEmpty();
    }

    @Test
    void volumeRatesCountOnlyThePartOfEachBucketInsideTheRange() throws Exception {
        long now = Instant.parse("2026-01-01T12:00:07Z").toEpochMilli();
        long since = now - 15 * 60_000;
        long firstStart = since - since % 15_000; // 11:45:00: only 11:45:07-11:45:15, 8 s, lie inside the range
        long lastStart = now - now % 15_000;      // 12:00:00: 7 s so far
        JsonNode answer = json("{\"aggregations\":{\"volume\":{\"buckets\":["
                + "{\"key\":" + firstStart + ",\"doc_count\":80},"
                + "{\"key\":" + (firstStart + 15_000) + ",\"doc_count\":150},"
                + "{\"key\":" + lastStart + ",\"doc_count\":70}]}}}");
        ObjectNode volume = DashboardQueries.shapeVolume(DashboardRange.MINUTES_15, now, answer);
        assertThat(volume.path("interval").asText()).isEqualTo("15s");
        assertThat(volume.path("intervalSeconds").asInt()).isEqualTo(15);
        JsonNode points = volume.path("points");
        assertThat(points.get(0).toString()).isEqualTo("[" + firstStart + ",80,10.0]");
        assertThat(points.get(1).toString()).isEqualTo("[" + (firstStart + 15_000) + ",150,10.0]");
        assertThat(points.get(2).toString()).isEqualTo("[" + lastStart + ",70,10.0]");
    }

    @Test
    void heatmapHasEveryDeviceAndCategoryCellInAStableOrder() throws Exception {
        JsonNode answer = json("""
                {"aggregations":{"devices":{"buckets":[
                  {"key":"mobile","doc_count":5,"categories":{"buckets":[{"key":"tech","doc_count":4},{"key":"world","doc_count":1}]}},
                  {"key":"desktop","doc_count":2,"categories":{"buckets":[{"key":"tech","doc_count":2}]}}]}}}""");
        ObjectNode heat = DashboardQueries.shapeDeviceCategory(DashboardRange.HOUR_1, answer);
        assertThat(heat.path("devices").toString()).isEqualTo("[\"desktop\",\"mobile\",\"tablet\"]");
        assertThat(heat.path("categories").toString())
                .isEqualTo("[\"politics\",\"tech\",\"sports\",\"business\",\"entertainment\",\"science\",\"health\",\"world\"]");
        assertThat(heat.path("cells")).hasSize(24);
        // [categoryIndex, deviceIndex, count]
        assertThat(heat.path("cells").toString()).contains("[1,1,4]", "[7,1,1]", "[1,0,2]", "[0,2,0]");
        assertThat(heat.path("max").asLong()).isEqualTo(4);
    }

    @Test
    void heatmapDropsDevicesAndCategoriesTheModelDoesNotKnow() throws Exception {
        JsonNode answer = json("""
                {"aggregations":{"devices":{"buckets":[
                  {"key":"<img src=x onerror=alert(1)>","doc_count":9,"categories":{"buckets":[{"key":"tech","doc_count":9}]}},
                  {"key":"mobile","doc_count":7,"categories":{"buckets":[{"key":"<script>alert(1)</script>","doc_count":5},
                    {"key":"tech","doc_count":2}]}}]}}}""");
        ObjectNode heat = DashboardQueries.shapeDeviceCategory(DashboardRange.HOUR_1, answer);
        assertThat(heat.path("devices").toString()).isEqualTo("[\"desktop\",\"mobile\",\"tablet\"]");
        assertThat(heat.path("categories")).hasSize(8);
        assertThat(heat.toString()).doesNotContain("<", "alert");
        assertThat(heat.path("cells")).hasSize(24);
        assertThat(heat.path("cells").toString()).contains("[1,1,2]");
        assertThat(heat.path("max").asLong()).isEqualTo(2);
    }

    @Test
    void intervalsConvertToMillis() {
        assertThat(DashboardQueries.intervalMillis("15s")).isEqualTo(15_000);
        assertThat(DashboardQueries.intervalMillis("20m")).isEqualTo(1_200_000);
        assertThat(DashboardQueries.intervalMillis("1h")).isEqualTo(3_600_000);
    }

    @Test
    void eventSearchesLeaveOutTheSessionsIndexWhichThePrefixWildcardAlsoMatches() {
        assertThat(IndexNames.eventsPattern("clickstream")).isEqualTo("clickstream-*,-clickstream-sessions");
        assertThat(IndexNames.sessionsIndex("clickstream")).isEqualTo("clickstream-sessions");
        assertThat(new DashboardQueries(null, "news", java.time.Clock.systemUTC()).indexPattern())
                .isEqualTo("news-*,-news-sessions");
    }
}
