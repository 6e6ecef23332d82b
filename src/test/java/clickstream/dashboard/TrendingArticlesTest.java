package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.Category;

class TrendingArticlesTest {

    private static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @Test
    void windowsMeetExactlyAndFilterViewsCategoryAndBots() {
        ObjectNode recent = TrendingArticles.recentQuery(NOW, Optional.of(Category.TECH), BotFilter.EXCLUDE, 7);
        assertThat(recent.at("/query/bool/filter/0/term/event_type").asText()).isEqualTo("view");
        assertThat(recent.at("/query/bool/filter/1/range/timestamp/gte").asLong()).isEqualTo(NOW - 15 * 60_000);
        assertThat(recent.at("/query/bool/filter/1/range/timestamp/lte").asLong()).isEqualTo(NOW);
        assertThat(recent.at("/query/bool/filter/1/range/timestamp/format").asText()).isEqualTo("epoch_millis");
        assertThat(recent.at("/query/bool/filter/2/term/category").asText()).isEqualTo("tech");
        assertThat(recent.at("/query/bool/must_not/0/term/is_bot").asBoolean()).isTrue();
        assertThat(recent.at("/aggs/articles/terms/field").asText()).isEqualTo("article_id");
        assertThat(recent.at("/aggs/articles/terms/size").asInt()).isEqualTo(7);
        assertThat(recent.at("/aggs/articles/terms/order").toString()).isEqualTo("[{\"_count\":\"desc\"},{\"_key\":\"asc\"}]");

        ObjectNode previous = TrendingArticles.previousQuery(NOW, Optional.empty(), BotFilter.INCLUDE, List.of("a-1", "b.*"));
        // [now-75m, now-15m): the recent window's start is not counted twice
        assertThat(previous.at("/query/bool/filter/1/range/timestamp/gte").asLong()).isEqualTo(NOW - 75 * 60_000);
        assertThat(previous.at("/query/bool/filter/1/range/timestamp/lt").asLong()).isEqualTo(NOW - 15 * 60_000);
        assertThat(previous.at("/query/bool/filter/1/range/timestamp").has("lte")).isFalse();
        assertThat(previous.at("/query/bool/filter")).hasSize(2);
        assertThat(previous.at("/query/bool").has("must_not")).isFalse();
        // exact ids, not a regular expression
        assertThat(previous.at("/aggs/articles/terms/include").toString()).isEqualTo("[\"a-1\",\"b.*\"]");
    }

    @Test
    void velocityIsTheRecentRatePerMinuteOverThePreviousHoursAndNewWithoutPreviousViews() {
        // 30 views in 15 min = 2/min; 60 in the hour before = 1/min: twice as fast
        assertThat(TrendingArticles.velocity(30, 60)).isEqualTo(2.0);
        assertThat(TrendingArticles.velocity(15, 60)).isEqualTo(1.0);
        assertThat(TrendingArticles.velocity(3, 48)).isEqualTo(0.25);
        assertThat(TrendingArticles.velocity(5, 0)).isNull();
    }

    @Test
    void answersListTheArticlesWithTheirVelocity() throws Exception {
        JsonNode recent = DashboardQueries.JSON.readTree("""
                {"hits":{"total":{"value":57}},"aggregations":{"articles":{"buckets":[
                  {"key":"tech-00001","doc_count":30,"category":{"buckets":[{"key":"tech","doc_count":30}]}},
                  {"key":"tech-00002","doc_count":12,"category":{"buckets":[{"key":"tech","doc_count":12}]}},
                  {"key":"odd-1","doc_count":3,"category":{"buckets":[{"key":"<b>odd</b>","doc_count":3}]}}]}}}""");
        JsonNode previous = DashboardQueries.JSON.readTree("""
                {"aggregations":{"articles":{"buckets":[{"key":"tech-00001","doc_count":60},{"key":"odd-1","doc_count":7}]}}}""");
        ObjectNode answer = TrendingArticles.shape(Optional.of(Category.TECH), BotFilter.EXCLUDE, recent, previous);
        assertThat(answer.path("window").asText()).isEqualTo("15m");
        assertThat(answer.path("category").asText()).isEqualTo("tech");
        assertThat(answer.path("bots").asText()).isEqualTo("exclude");
        assertThat(answer.path("views").asLong()).isEqualTo(57);
        JsonNode articles = answer.path("articles");
        assertThat(articles).hasSize(3);
        assertThat(articles.get(0).toString()).isEqualTo("{\"article\":\"tech-00001\",\"category\":\"tech\",\"views\":30,"
                + "\"perMinute\":2.0,\"previousViews\":60,\"previousPerMinute\":1.0,\"velocity\":2.0,\"isNew\":false}");
        assertThat(articles.get(1).path("velocity").isNull()).isTrue();
        assertThat(articles.get(1).path("isNew").asBoolean()).isTrue();
        assertThat(articles.get(1).path("previousViews").asLong()).isZero();
        assertThat(articles.get(2).path("category").asText()).isEmpty();
        assertThat(articles.get(2).path("velocity").asDouble()).isEqualTo(1.71); // (3/15)/(7/60) = 1.714…

        ObjectNode none = TrendingArticles.shape(Optional.empty(), BotFilter.INCLUDE, DashboardQueries.JSON.readTree("{}"),
                DashboardQueries.JSON.createObjectNode());
        assertThat(none.path("articles")).isEmpty();
        assertThat(none.path("category").asText()).isEqualTo("all");
        assertThat(none.path("views").asLong()).isZero();
    }
}
