package clickstream.dashboard;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sessions panel, read from the session documents of {@code <prefix>-sessions} (written by the sessions route,
 * docs/sessions-and-retention.md): how long sessions last and how many bounce. A session counts when its last event
 * is in the range, still-open ones included (they are the live part; {@code open} says how many of each length
 * bucket are still going). Bounce rate = sessions with {@code bounce: true} (exactly one view, no like, comment or
 * share) ÷ sessions. Bots left out unless asked. No sessions index yet: every count 0 and {@code available: false}.
 */
final class SessionStats {

    /** A length bucket: [fromMillis, toMillis), toMillis null for the open-ended last one. */
    record LengthBucket(String label, long fromMillis, Long toMillis) {
    }

    static final List<LengthBucket> LENGTHS = List.of(
            new LengthBucket("< 10 s", 0, 10_000L),
            new LengthBucket("10-30 s", 10_000, 30_000L),
            new LengthBucket("30 s-1 min", 30_000, 60_000L),
            new LengthBucket("1-2 min", 60_000, 120_000L),
            new LengthBucket("2-5 min", 120_000, 300_000L),
            new LengthBucket("5-15 min", 300_000, 900_000L),
            new LengthBucket("15-30 min", 900_000, 1_800_000L),
            new LengthBucket(">= 30 min", 1_800_000, null));

    private SessionStats() {
    }

    static ObjectNode query(DashboardRange range, BotFilter bots) {
        ObjectNode query = DashboardQueries.JSON.createObjectNode();
        query.put("size", 0);
        query.put("track_total_hits", true);
        ObjectNode bool = query.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("range").putObject("last_event_time").put("gte", range.since());
        bots.applyTo(bool);
        ObjectNode aggs = query.putObject("aggs");
        ObjectNode lengths = aggs.putObject("lengths");
        ArrayNode ranges = lengths.putObject("range").put("field", "duration_ms").put("keyed", false).putArray("ranges");
        for (LengthBucket bucket : LENGTHS) {
            ObjectNode r = ranges.addObject().put("key", bucket.label()).put("from", bucket.fromMillis());
            if (bucket.toMillis() != null) {
                r.put("to", bucket.toMillis());
            }
        }
        lengths.putObject("aggs").putObject("open").putObject("filter").putObject("term").put("end_reason", "open");
        aggs.putObject("bounces").putObject("filter").putObject("term").put("bounce", true);
        aggs.putObject("duration").putObject("avg").put("field", "duration_ms");
        return query;
    }

    /**
     * {@code {range, bots, available, sessions, bounces, bounceRate, averageSeconds, lengths: [{label, sessions,
     * open}]}}; bounceRate and averageSeconds are null without sessions.
     */
    static ObjectNode shape(DashboardRange range, BotFilter bots, JsonNode answer) {
        ObjectNode result = DashboardQueries.JSON.createObjectNode();
        result.put("range", range.key());
        result.put("bots", bots.key());
        // a search with ignore_unavailable over a missing index answers with no shards at all
        result.put("available", answer.path("_shards").path("total").asInt(0) > 0);
        long sessions = answer.path("hits").path("total").path("value").asLong();
        long bounces = answer.path("aggregations").path("bounces").path("doc_count").asLong();
        result.put("sessions", sessions);
        result.put("bounces", bounces);
        if (sessions == 0) {
            result.putNull("bounceRate");
            result.putNull("averageSeconds");
        } else {
            result.put("bounceRate", TrendingArticles.round(bounces / (double) sessions, 10_000));
            result.put("averageSeconds", TrendingArticles.round(
                    answer.path("aggregations").path("duration").path("value").asDouble() / 1000.0, 10));
        }
        JsonNode buckets = answer.path("aggregations").path("lengths").path("buckets");
        ArrayNode lengths = result.putArray("lengths");
        for (LengthBucket bucket : LENGTHS) {
            JsonNode found = null;
            for (JsonNode b : buckets) {
                if (b.path("key").asText().equals(bucket.label())) {
                    found = b;
                }
            }
            lengths.addObject().put("label", bucket.label())
                    .put("sessions", found == null ? 0 : found.path("doc_count").asLong())
                    .put("open", found == null ? 0 : found.path("open").path("doc_count").asLong());
        }
        return result;
    }
}
