package clickstream.dashboard;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opensearch.client.ResponseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.connect.OpenSearchConnection;
import clickstream.model.Category;
import clickstream.model.DeviceType;
import clickstream.model.EventType;
import clickstream.model.IndexNames;

/**
 * The aggregations behind the page's charts, run by the server against the events, {@code <prefix>-*} without
 * {@code <prefix>-sessions} (the browser never talks to OpenSearch), and for the sessions panel against that sessions
 * index; each answered as a small JSON document shaped for its chart. Query building and answer shaping are
 * separate static steps (here, {@link TrendingArticles}, {@link EngagementRates}, {@link SessionStats}) so they are
 * tested without a cluster.
 */
public final class DashboardQueries {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> DEVICES = Arrays.stream(DeviceType.values()).map(DeviceType::value).toList();
    static final List<String> CATEGORIES = Arrays.stream(Category.values()).map(Category::value).toList();
    static final List<String> ARTICLE_EVENT_TYPES = Arrays.stream(EventType.values())
            .filter(EventType::isArticleEvent).map(EventType::value).toList();
    private static final String SEARCH_OPTIONS = "?ignore_unavailable=true&allow_no_indices=true";

    private final OpenSearchConnection openSearch;
    private final String indexPattern;
    private final String sessionsIndex;
    private final Clock clock;

    public DashboardQueries(OpenSearchConnection openSearch, String indexPrefix, Clock clock) {
        this.openSearch = openSearch;
        this.sessionsIndex = IndexNames.sessionsIndex(indexPrefix);
        // <prefix>-* without the sessions index, whose documents are not events
        this.indexPattern = IndexNames.eventsPattern(indexPrefix);
        this.clock = clock;
    }

    public String indexPattern() {
        return indexPattern;
    }

    /** Pie chart: events per event_type. */
    public ObjectNode eventTypes(DashboardRange range) throws IOException {
        return shapeEventTypes(range, search(termsQuery(range, "event_type", 20)));
    }

    /** Line chart: events per bucket over the range, with the rate each bucket stands for. */
    public ObjectNode volume(DashboardRange range) throws IOException {
        long now = clock.millis();
        return shapeVolume(range, now, search(volumeQuery(range)));
    }

    /** Bar chart: the most active users. */
    public ObjectNode topUsers(DashboardRange range, int size) throws IOException {
        return shapeTopUsers(range, search(termsQuery(range, "user_id", size)));
    }

    /** Heatmap: article events per device_type × category (known values only). */
    public ObjectNode deviceCategory(DashboardRange range) throws IOException {
        return shapeDeviceCategory(range, search(deviceCategoryQuery(range)));
    }

    // ---- trending, engagement and sessions panels -----------------------------------------------------------

    /** Trending articles: the top {@code size} by views in the last 15 minutes, with their velocity. */
    public ObjectNode trending(Optional<Category> category, BotFilter bots, int size) throws IOException {
        long now = clock.millis();
        JsonNode recent = search(TrendingArticles.recentQuery(now, category, bots, size));
        List<String> ids = TrendingArticles.articleIds(recent);
        JsonNode previous = ids.isEmpty() ? JSON.createObjectNode()
                : search(TrendingArticles.previousQuery(now, category, bots, ids));
        return TrendingArticles.shape(category, bots, recent, previous);
    }

    /** Likes, comments and shares per view, by category and by device. */
    public ObjectNode engagement(DashboardRange range, BotFilter bots) throws IOException {
        return EngagementRates.shape(range, bots, search(EngagementRates.query(range, bots)));
    }

    /** Session length distribution and bounce rate from the sessions index (empty while it does not exist). */
    public ObjectNode sessions(DashboardRange range, BotFilter bots) throws IOException {
        JsonNode answer;
        try {
            answer = JSON.readTree(openSearch.perform("POST", "/" + sessionsIndex + "/_search" + SEARCH_OPTIONS,
                    SessionStats.query(range, bots).toString()));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                throw e;
            }
            answer = JSON.createObjectNode(); // no sessions index yet: the empty state, not an error
        }
        return SessionStats.shape(range, bots, answer);
    }

    /** Documents searchable under the pattern now. */
    public long searchableDocuments() throws IOException {
        JsonNode answer = JSON.readTree(openSearch.perform("GET", "/" + indexPattern + "/_count" + SEARCH_OPTIONS, null));
        return answer.path("count").asLong();
    }

    private JsonNode search(ObjectNode query) throws IOException {
        return JSON.readTree(openSearch.perform("POST", "/" + indexPattern + "/_search" + SEARCH_OPTIONS, query.toString()));
    }

    // ---- queries ---------------------------------------------------------------------------------------

    static ObjectNode baseQuery(DashboardRange range) {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 0);
        query.putObject("query").set("range", timeRange(range));
        return query;
    }

    private static ObjectNode timeRange(DashboardRange range) {
        ObjectNode timeRange = JSON.createObjectNode();
        timeRange.putObject("timestamp").put("gte", range.since()).put("lte", "now");
        return timeRange;
    }

    static ObjectNode termsQuery(DashboardRange range, String field, int size) {
        ObjectNode query = baseQuery(range);
        query.put("track_total_hits", true);
        query.putObject("aggs").putObject("terms").putObject("terms").put("field", field).put("size", size);
        return query;
    }

    static ObjectNode volumeQuery(DashboardRange range) {
        ObjectNode query = baseQuery(range);
        ObjectNode histogram = query.putObject("aggs").putObject("volume").putObject("date_histogram");
        histogram.put("field", "timestamp").put("fixed_interval", range.interval()).put("min_doc_count", 0);
        // empty buckets at both ends too, so a quiet stretch shows as zero instead of a shorter line
        histogram.putObject("extended_bounds").put("min", range.since()).put("max", "now");
        return query;
    }

    /**
     * Article events only, and only the devices and categories the model knows: a {@code category} on a login, or a
     * value some older version let through, is not a cell of this chart (and cannot crowd a known one out of the
     * terms).
     */
    static ObjectNode deviceCategoryQuery(DashboardRange range) {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 0);
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().set("range", timeRange(range));
        ArrayNode articleTypes = filter.addObject().putObject("terms").putArray("event_type");
        ARTICLE_EVENT_TYPES.forEach(articleTypes::add);
        ObjectNode devices = query.putObject("aggs").putObject("devices");
        ObjectNode deviceTerms = devices.putObject("terms").put("field", "device_type").put("size", DEVICES.size());
        DEVICES.forEach(deviceTerms.putArray("include")::add);
        ObjectNode categoryTerms = devices.putObject("aggs").putObject("categories").putObject("terms")
                .put("field", "category").put("size", CATEGORIES.size());
        CATEGORIES.forEach(categoryTerms.putArray("include")::add);
        return query;
    }

    // ---- answers ---------------------------------------------------------------------------------------

    static ObjectNode shapeEventTypes(DashboardRange range, JsonNode answer) {
        ObjectNode result = answer(range);
        result.put("total", answer.path("hits").path("total").path("value").asLong());
        result.set("buckets", keyCounts(answer.path("aggregations").path("terms").path("buckets")));
        return result;
    }

    static ObjectNode shapeTopUsers(DashboardRange range, JsonNode answer) {
        ObjectNode result = answer(range);
        result.set("users", keyCounts(answer.path("aggregations").path("terms").path("buckets")));
        return result;
    }

    /**
     * Points are {@code [bucketStartMillis, count, perSecond]}. The rate divides by the part of the bucket that lies
     * inside the range, so the bucket still filling up at the end (and the clipped one at the start) do not show
     * as a dip.
     */
    static ObjectNode shapeVolume(DashboardRange range, long nowMillis, JsonNode answer) {
        ObjectNode result = answer(range);
        long width = intervalMillis(range.interval());
        long since = nowMillis - range.length().toMillis();
        result.put("interval", range.interval());
        result.put("intervalSeconds", width / 1000);
        ArrayNode points = result.putArray("points");
        for (JsonNode bucket : answer.path("aggregations").path("volume").path("buckets")) {
            long start = bucket.path("key").asLong();
            long count = bucket.path("doc_count").asLong();
            long covered = Math.min(start + width, nowMillis) - Math.max(start, since);
            double seconds = Math.max(1.0, covered / 1000.0);
            points.addArray().add(start).add(count).add(Math.round(count / seconds * 10) / 10.0);
        }
        return result;
    }

    /**
     * Every known device × category cell, in the enums' order. A key the model does not know is dropped here too
     * (the query already leaves them out): the page shows only names the server vouches for.
     */
    static ObjectNode shapeDeviceCategory(DashboardRange range, JsonNode answer) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (JsonNode device : answer.path("aggregations").path("devices").path("buckets")) {
            String deviceKey = device.path("key").asText();
            if (!DEVICES.contains(deviceKey)) {
                continue;
            }
            Map<String, Long> row = counts.computeIfAbsent(deviceKey, k -> new LinkedHashMap<>());
            for (JsonNode category : device.path("categories").path("buckets")) {
                String categoryKey = category.path("key").asText();
                if (CATEGORIES.contains(categoryKey)) {
                    row.put(categoryKey, category.path("doc_count").asLong());
                }
            }
        }
        ObjectNode result = answer(range);
        DEVICES.forEach(result.putArray("devices")::add);
        CATEGORIES.forEach(result.putArray("categories")::add);
        ArrayNode cells = result.putArray("cells");
        long max = 0;
        for (int d = 0; d < DEVICES.size(); d++) {
            Map<String, Long> row = counts.getOrDefault(DEVICES.get(d), Map.of());
            for (int c = 0; c < CATEGORIES.size(); c++) {
                long count = row.getOrDefault(CATEGORIES.get(c), 0L);
                max = Math.max(max, count);
                cells.addArray().add(c).add(d).add(count);
            }
        }
        result.put("max", max);
        return result;
    }

    private static ObjectNode answer(DashboardRange range) {
        ObjectNode result = JSON.createObjectNode();
        result.put("range", range.key());
        return result;
    }

    private static ArrayNode keyCounts(JsonNode buckets) {
        ArrayNode list = JSON.createArrayNode();
        for (JsonNode bucket : buckets) {
            list.addObject().put("key", bucket.path("key").asText()).put("count", bucket.path("doc_count").asLong());
        }
        return list;
    }

    static long intervalMillis(String interval) {
        long amount = Long.parseLong(interval.substring(0, interval.length() - 1));
        return switch (interval.charAt(interval.length() - 1)) {
            case 's' -> amount * 1000L;
            case 'm' -> amount * 60_000L;
            case 'h' -> amount * 3_600_000L;
            default -> throw new IllegalArgumentException("unsupported interval " + interval);
        };
    }
}
