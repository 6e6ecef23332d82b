package clickstream.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.EventType;

/**
 * The engagement panels: likes, comments and shares per view, by category and by device, over the page's range.
 * A rate is that event's count over the views of the same category (or device) in the same range, so 0.25 likes per
 * view is one like for every four views; with no view it is null (shown as "–"), not infinity. Bots left out unless
 * asked. One search: article events in the range, event types counted under each category and each device.
 */
final class EngagementRates {

    static final List<String> ACTIONS = List.of(EventType.LIKE.value(), EventType.COMMENT.value(), EventType.SHARE.value());

    private EngagementRates() {
    }

    static ObjectNode query(DashboardRange range, BotFilter bots) {
        ObjectNode query = DashboardQueries.JSON.createObjectNode();
        query.put("size", 0);
        ObjectNode bool = query.putObject("query").putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        filter.addObject().putObject("range").putObject("timestamp").put("gte", range.since()).put("lte", "now");
        ArrayNode types = filter.addObject().putObject("terms").putArray("event_type");
        DashboardQueries.ARTICLE_EVENT_TYPES.forEach(types::add);
        bots.applyTo(bool);
        ObjectNode aggs = query.putObject("aggs");
        breakdown(aggs, "categories", "category", DashboardQueries.CATEGORIES);
        breakdown(aggs, "devices", "device_type", DashboardQueries.DEVICES);
        typeCounts(aggs);
        return query;
    }

    private static void breakdown(ObjectNode aggs, String name, String field, List<String> known) {
        ObjectNode agg = aggs.putObject(name);
        ObjectNode terms = agg.putObject("terms").put("field", field).put("size", known.size());
        known.forEach(terms.putArray("include")::add);
        typeCounts(agg.putObject("aggs"));
    }

    private static void typeCounts(ObjectNode aggs) {
        aggs.putObject("types").putObject("terms").put("field", "event_type").put("size", DashboardQueries.ARTICLE_EVENT_TYPES.size());
    }

    /**
     * {@code categories} and {@code devices}: every known one in the enums' order, then {@code total}; each row
     * {@code {key, views, likes, comments, shares, likesPerView, commentsPerView, sharesPerView}}.
     */
    static ObjectNode shape(DashboardRange range, BotFilter bots, JsonNode answer) {
        ObjectNode result = DashboardQueries.JSON.createObjectNode();
        result.put("range", range.key());
        result.put("bots", bots.key());
        JsonNode aggregations = answer.path("aggregations");
        result.set("categories", rows(aggregations.path("categories"), DashboardQueries.CATEGORIES));
        result.set("devices", rows(aggregations.path("devices"), DashboardQueries.DEVICES));
        result.set("total", row("all", typeCounts(aggregations)));
        return result;
    }

    private static ArrayNode rows(JsonNode agg, List<String> known) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (JsonNode bucket : agg.path("buckets")) {
            counts.put(bucket.path("key").asText(), typeCounts(bucket));
        }
        ArrayNode rows = DashboardQueries.JSON.createArrayNode();
        for (String key : known) {
            rows.add(row(key, counts.getOrDefault(key, Map.of())));
        }
        return rows;
    }

    private static Map<String, Long> typeCounts(JsonNode parent) {
        Map<String, Long> counts = new LinkedHashMap<>();
        parent.path("types").path("buckets").forEach(b -> counts.put(b.path("key").asText(), b.path("doc_count").asLong()));
        return counts;
    }

    private static ObjectNode row(String key, Map<String, Long> counts) {
        ObjectNode row = DashboardQueries.JSON.createObjectNode();
        row.put("key", key);
        long views = counts.getOrDefault(EventType.VIEW.value(), 0L);
        row.put("views", views);
        for (String action : ACTIONS) {
            row.put(action + "s", counts.getOrDefault(action, 0L));
        }
        for (String action : ACTIONS) {
            long count = counts.getOrDefault(action, 0L);
            if (views == 0) {
                row.putNull(action + "sPerView");
            } else {
                row.put(action + "sPerView", TrendingArticles.round(count / (double) views, 10_000));
            }
        }
        return row;
    }
}
