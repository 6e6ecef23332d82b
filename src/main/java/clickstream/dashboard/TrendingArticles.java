package clickstream.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.Category;
import clickstream.model.EventType;

/**
 * The trending panel: the most viewed articles of the last 15 minutes and their velocity, their view rate now
 * against their view rate over the hour before:
 * <pre>
 *   velocity = (views in [now-15m, now] / 15) / (views in [now-75m, now-15m) / 60)
 * </pre>
 * 1.0 is as popular as in the previous hour, 3.0 three times as fast; an article with no view in the previous hour
 * has no velocity and is shown as new. Views only (a like or share is engagement, not reach); bots left out unless
 * asked. Two searches, with the windows fixed in epoch millis from one clock reading so they meet exactly: the top
 * articles of the recent window (count order is exact per term here, unlike ordering by a sub-aggregation), then
 * the previous hour's views of just those articles.
 */
final class TrendingArticles {

    static final Duration RECENT = Duration.ofMinutes(15);
    static final Duration PREVIOUS = Duration.ofHours(1);
    static final int DEFAULT_SIZE = 10;
    static final int MAX_SIZE = 50;

    private TrendingArticles() {
    }

    /** The top {@code size} articles by views in [now-15m, now], each with its category. */
    static ObjectNode recentQuery(long nowMillis, Optional<Category> category, BotFilter bots, int size) {
        ObjectNode query = viewsQuery(nowMillis - RECENT.toMillis(), nowMillis, true, category, bots);
        query.put("track_total_hits", true);
        ObjectNode terms = query.putObject("aggs").putObject("articles");
        ObjectNode articleTerms = terms.putObject("terms").put("field", "article_id").put("size", size);
        // most views first, ties by id, so the list is stable from one refresh to the next
        articleTerms.putArray("order").add(DashboardQueries.JSON.createObjectNode().put("_count", "desc"))
                .add(DashboardQueries.JSON.createObjectNode().put("_key", "asc"));
        terms.putObject("aggs").putObject("category").putObject("terms").put("field", "category").put("size", 1);
        return query;
    }

    /** Views in [now-75m, now-15m) of exactly these articles. */
    static ObjectNode previousQuery(long nowMillis, Optional<Category> category, BotFilter bots, List<String> articles) {
        long recentStart = nowMillis - RECENT.toMillis();
        ObjectNode query = viewsQuery(recentStart - PREVIOUS.toMillis(), recentStart, false, category, bots);
        ObjectNode terms = query.putObject("aggs").putObject("articles").putObject("terms")
                .put("field", "article_id").put("size", Math.max(1, articles.size()));
        articles.forEach(terms.putArray("include")::add);
        return query;
    }

    private static ObjectNode viewsQuery(long from, long to, boolean toInclusive, Optional<Category> category, BotFilter bots) {
        ObjectNode query = DashboardQueries.JSON.createObjectNode();
        query.put("size", 0);
        ObjectNode bool = query.putObject("query").putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        filter.addObject().putObject("term").put("event_type", EventType.VIEW.value());
        filter.addObject().putObject("range").putObject("timestamp")
                .put("gte", from).put(toInclusive ? "lte" : "lt", to).put("format", "epoch_millis");
        category.ifPresent(c -> filter.addObject().putObject("term").put("category", c.value()));
        bots.applyTo(bool);
        return query;
    }

    /** The article ids of the recent answer, in its order. */
    static List<String> articleIds(JsonNode recentAnswer) {
        List<String> ids = new ArrayList<>();
        recentAnswer.path("aggregations").path("articles").path("buckets").forEach(b -> ids.add(b.path("key").asText()));
        return ids;
    }

    /**
     * {@code articles}: {@code {article, category, views, perMinute, previousViews, previousPerMinute, velocity,
     * isNew}}; velocity is null for a new article. A category the model does not know is shown as "".
     */
    static ObjectNode shape(Optional<Category> category, BotFilter bots, JsonNode recentAnswer, JsonNode previousAnswer) {
        ObjectNode result = DashboardQueries.JSON.createObjectNode();
        result.put("window", "15m");
        result.put("previousWindow", "1h");
        result.put("category", category.map(Category::value).orElse(QueryParameters.ALL_CATEGORIES));
        result.put("bots", bots.key());
        result.put("views", recentAnswer.path("hits").path("total").path("value").asLong());
        ArrayNode articles = result.putArray("articles");
        for (JsonNode bucket : recentAnswer.path("aggregations").path("articles").path("buckets")) {
            String id = bucket.path("key").asText();
            long views = bucket.path("doc_count").asLong();
            long previous = countOf(previousAnswer, id);
            String articleCategory = bucket.path("category").path("buckets").path(0).path("key").asText("");
            ObjectNode article = articles.addObject();
            article.put("article", id);
            article.put("category", DashboardQueries.CATEGORIES.contains(articleCategory) ? articleCategory : "");
            article.put("views", views);
            article.put("perMinute", round(perMinute(views, RECENT), 100));
            article.put("previousViews", previous);
            article.put("previousPerMinute", round(perMinute(previous, PREVIOUS), 100));
            Double velocity = velocity(views, previous);
            if (velocity == null) {
                article.putNull("velocity");
            } else {
                article.put("velocity", round(velocity, 100));
            }
            article.put("isNew", velocity == null);
        }
        return result;
    }

    /** Views per minute now ÷ views per minute in the previous hour; null when the previous hour had none. */
    static Double velocity(long recentViews, long previousViews) {
        if (previousViews <= 0) {
            return null;
        }
        return perMinute(recentViews, RECENT) / perMinute(previousViews, PREVIOUS);
    }

    private static double perMinute(long views, Duration window) {
        return views / (double) window.toMinutes();
    }

    private static long countOf(JsonNode answer, String id) {
        for (JsonNode bucket : answer.path("aggregations").path("articles").path("buckets")) {
            if (bucket.path("key").asText().equals(id)) {
                return bucket.path("doc_count").asLong();
            }
        }
        return 0;
    }

    static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
