package clickstream.sessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.EventType;
import clickstream.model.Timestamps;

/**
 * The queries behind the session documents and the shaping of their answers, static so they are tested without a
 * cluster. A session document is a function of the session's events alone (and, for an open session, of the
 * clock against {@code sessions.inactivity}): recomputing it gives the same document, which is what makes the
 * rollup idempotent.
 */
final class SessionQueries {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Values of {@code end_reason}. */
    static final String LOGOUT = "logout";
    static final String INACTIVITY = "inactivity";
    static final String OPEN = "open";

    /** Distinct articles counted per session; a session viewing more is counted as this many. */
    static final int MAX_ARTICLES = 1000;

    private static final List<String> ARTICLE_EVENTS = Arrays.stream(EventType.values())
            .filter(EventType::isArticleEvent).map(EventType::value).toList();

    private SessionQueries() {
    }

    /**
     * A page of the session ids with an event whose {@code windowField} ({@code timestamp}, or {@code indexed_at} when
     * the ingest pipeline sets it) is at or after {@code from}, in id order, after {@code afterKey}.
     */
    static ObjectNode touched(String windowField, Instant from, JsonNode afterKey, int size) {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 0);
        if (from.equals(Instant.EPOCH)) {
            // a rebuild: every event, also those indexed before the ingest pipeline set indexed_at
            query.putObject("query").putObject("match_all");
        } else {
            query.putObject("query").putObject("range").set(windowField, since("gte", from));
        }
        ObjectNode composite = query.putObject("aggs").putObject("touched").putObject("composite");
        composite.put("size", size);
        composite.putArray("sources").addObject().putObject("session_id").putObject("terms").put("field", "session_id");
        if (afterKey != null) {
            composite.set("after", afterKey);
        }
        return query;
    }

    /**
     * Session documents whose last event is before {@code before}, in id order after {@code after}; only the open
     * ones when {@code openOnly} (those to close for inactivity), every one otherwise (those past the retention).
     */
    static ObjectNode lastEventBefore(Instant before, boolean openOnly, String after, int size) {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", size);
        query.put("_source", false);
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("range").set("last_event_time", since("lt", before));
        if (openOnly) {
            filter.addObject().putObject("term").put("end_reason", OPEN);
        }
        query.putArray("sort").addObject().put("session_id", "asc");
        if (after != null) {
            query.putArray("search_after").add(after);
        }
        return query;
    }

    private static ObjectNode since(String operator, Instant instant) {
        ObjectNode range = JSON.createObjectNode();
        range.put(operator, Timestamps.format(instant)).put("format", "strict_date_optional_time");
        return range;
    }

    /** One bucket per session of {@code ids}, over ALL the session's events, with what its document needs. */
    static ObjectNode recount(List<String> ids) {
        ObjectNode query = JSON.createObjectNode();
        query.put("size", 0);
        ArrayNode terms = query.putObject("query").putObject("terms").putArray("session_id");
        ids.forEach(terms::add);
        ObjectNode sessions = query.putObject("aggs").putObject("sessions");
        sessions.putObject("terms").put("field", "session_id").put("size", Math.max(1, ids.size()));
        ObjectNode aggs = sessions.putObject("aggs");
        aggs.putObject("first").putObject("min").put("field", "timestamp");
        aggs.putObject("last").putObject("max").put("field", "timestamp");
        aggs.putObject("user").putObject("terms").put("field", "user_id").put("size", 1);
        aggs.putObject("device").putObject("terms").put("field", "device_type").put("size", 1);
        aggs.putObject("types").putObject("terms").put("field", "event_type").put("size", EventType.values().length + 10);
        ObjectNode viewed = aggs.putObject("viewed");
        viewed.putObject("filter").putObject("term").put("event_type", EventType.VIEW.value());
        viewed.putObject("aggs").putObject("articles").putObject("terms").put("field", "article_id").put("size", MAX_ARTICLES);
        // bot traffic (is_bot: true, written only on a bot's events), so engagement figures can leave it out
        aggs.putObject("bot_events").putObject("filter").putObject("term").put("is_bot", true);
        ObjectNode articleEvents = aggs.putObject("article_events");
        ARTICLE_EVENTS.forEach(articleEvents.putObject("filter").putObject("terms").putArray("event_type")::add);
        articleEvents.putObject("aggs").putObject("categories").putObject("terms").put("field", "category").put("size", 100);
        return query;
    }

    /** The session documents of a {@link #recount} answer, ended by logout, by inactivity at {@code now}, or open. */
    static List<ObjectNode> documents(JsonNode answer, Instant now, Duration inactivity) {
        List<ObjectNode> documents = new ArrayList<>();
        for (JsonNode bucket : answer.path("aggregations").path("sessions").path("buckets")) {
            documents.add(document(bucket, now, inactivity));
        }
        return documents;
    }

    static ObjectNode document(JsonNode bucket, Instant now, Duration inactivity) {
        long first = bucket.path("first").path("value").asLong();
        long last = bucket.path("last").path("value").asLong();
        int views = typeCount(bucket, EventType.VIEW);
        int likes = typeCount(bucket, EventType.LIKE);
        int comments = typeCount(bucket, EventType.COMMENT);
        int shares = typeCount(bucket, EventType.SHARE);

        ObjectNode doc = JSON.createObjectNode();
        doc.put("session_id", bucket.path("key").asText());
        doc.put("user_id", firstKey(bucket.path("user")));
        doc.put("device_type", firstKey(bucket.path("device")));
        doc.put("first_event_time", Timestamps.format(first));
        doc.put("last_event_time", Timestamps.format(last));
        doc.put("duration_ms", last - first);
        // every event of the session, whatever its type (login, logout, register, and any the generator adds)
        doc.put("events", bucket.path("doc_count").asInt());
        doc.put("views", views);
        doc.put("articles_viewed", bucket.path("viewed").path("articles").path("buckets").size());
        doc.put("likes", likes);
        doc.put("comments", comments);
        doc.put("shares", shares);
        ArrayNode categories = doc.putArray("categories");
        ObjectNode mix = doc.putObject("category_mix");
        for (JsonNode category : bucket.path("article_events").path("categories").path("buckets")) {
            categories.add(category.path("key").asText());
            mix.put(category.path("key").asText(), category.path("doc_count").asInt());
        }
        // one article seen and nothing done with it
        doc.put("bounce", views == 1 && likes + comments + shares == 0);
        doc.put("is_bot", bucket.path("bot_events").path("doc_count").asLong() > 0);
        doc.put("end_reason", endReason(typeCount(bucket, EventType.LOGOUT) > 0, last, now, inactivity));
        return doc;
    }

    /** Logout if the session has one; else inactivity once its last event is more than {@code inactivity} ago. */
    static String endReason(boolean loggedOut, long lastEventMillis, Instant now, Duration inactivity) {
        if (loggedOut) {
            return LOGOUT;
        }
        return now.toEpochMilli() - lastEventMillis > inactivity.toMillis() ? INACTIVITY : OPEN;
    }

    private static int typeCount(JsonNode bucket, EventType type) {
        for (JsonNode b : bucket.path("types").path("buckets")) {
            if (type.value().equals(b.path("key").asText())) {
                return b.path("doc_count").asInt();
            }
        }
        return 0;
    }

    private static String firstKey(JsonNode terms) {
        JsonNode buckets = terms.path("buckets");
        return buckets.isEmpty() ? null : buckets.get(0).path("key").asText();
    }

    /** Bulk index actions ({@code _id} = session_id): a recompute replaces the document with the same or newer truth. */
    static String bulkIndex(String index, List<ObjectNode> documents) {
        StringBuilder body = new StringBuilder();
        for (ObjectNode doc : documents) {
            ObjectNode action = JSON.createObjectNode();
            action.putObject("index").put("_index", index).put("_id", doc.path("session_id").asText());
            body.append(action).append('\n').append(doc).append('\n');
        }
        return body.toString();
    }

    /** Bulk delete actions for these document ids. */
    static String bulkDelete(String index, List<String> ids) {
        StringBuilder body = new StringBuilder();
        for (String id : ids) {
            ObjectNode action = JSON.createObjectNode();
            action.putObject("delete").put("_index", index).put("_id", id);
            body.append(action).append('\n');
        }
        return body.toString();
    }

    /** The ids of a {@link #lastEventBefore} answer. */
    static List<String> hitIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            ids.add(hit.path("_id").asText());
        }
        return ids;
    }

    /** The session ids of a {@link #touched} answer. */
    static List<String> touchedIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode bucket : answer.path("aggregations").path("touched").path("buckets")) {
            ids.add(bucket.path("key").path("session_id").asText());
        }
        return ids;
    }
}
