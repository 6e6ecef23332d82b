package clickstream.indexing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.model.Category;
import clickstream.model.DeviceType;
import clickstream.model.EventType;

/**
 * Checks a record against the event contract before it is indexed, so a wrong event is dead-lettered with a precise
 * reason instead of being half-indexed or failing the whole bulk request. Unknown extra fields are left to the
 * index's strict mapping to judge.
 */
public final class EventValidator {

    static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> EVENT_TYPES = values(EventType.values(), EventType::value);
    private static final Set<String> ARTICLE_EVENT_TYPES = Arrays.stream(EventType.values())
            .filter(EventType::isArticleEvent).map(EventType::value).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> DEVICES = values(DeviceType.values(), DeviceType::value);
    private static final Set<String> CATEGORIES = values(Category.values(), Category::value);
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_COMMENT_LENGTH = 2000;

    // trailing tokens: "{...} junk" or two objects in one record are malformed, not the first object
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final int maxEventBytes;

    public EventValidator(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public ValidEvent validate(String json) throws InvalidEventException {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "empty record value");
        }
        // chars never outnumber UTF-8 bytes, so only long strings need the exact byte count
        if (json.length() > maxEventBytes
                || (json.length() * 3L > maxEventBytes && json.getBytes(StandardCharsets.UTF_8).length > maxEventBytes)) {
            throw new InvalidEventException(RejectReason.TOO_LARGE,
                    "event is larger than indexer.max-event-bytes = " + maxEventBytes);
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "not a JSON object");
        }
        String eventId = text(node, "event_id", MAX_ID_LENGTH);
        if (!isUuid(eventId)) {
            throw invalid("event_id '" + eventId + "' is not a UUID");
        }
        String type = oneOf(node, "event_type", EVENT_TYPES);
        text(node, "user_id", MAX_ID_LENGTH);
        text(node, "session_id", MAX_ID_LENGTH);
        oneOf(node, "device_type", DEVICES);
        String utcDate = utcDate(text(node, "timestamp", 64));
        if (ARTICLE_EVENT_TYPES.contains(type)) {
            text(node, "article_id", MAX_ID_LENGTH);
            oneOf(node, "category", CATEGORIES);
        }
        if ("comment".equals(type)) {
            text(node, "comment_text", MAX_COMMENT_LENGTH);
        }
        // the bulk body is one JSON document per line: a pretty-printed event is compacted, anything else sent as is
        boolean multiLine = json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0;
        return new ValidEvent(eventId, utcDate, multiLine ? node.toString() : json);
    }

    /** Same as matching {@link #UUID_PATTERN}, a few times faster: it runs for every event. */
    static boolean isUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The UTC calendar day of the timestamp, {@code yyyy-MM-dd}, which names the daily index. */
    static String utcDate(String timestamp) throws InvalidEventException {
        // the producers' own form, yyyy-MM-ddTHH:mm:ss.SSSZ, is checked field by field (Instant.parse costs about
        // 2 µs an event, the largest share of validating one); every other form goes through Instant.parse
        if (isCanonicalUtc(timestamp)) {
            return timestamp.substring(0, 10);
        }
        try {
            return Instant.parse(timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            throw invalid("timestamp '" + timestamp + "' is not an ISO-8601 instant such as 2026-11-26T05:31:02.123Z");
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} with a real date and a time of day before 24:00 (no leap second). */
    private static boolean isCanonicalUtc(String t) {
        if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return false;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = digits(t, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0) {
            return false;
        }
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    /** The decimal number in {@code t[from, from + count)}, or -1 if a character is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String text(JsonNode node, String field, int maxLength) throws InvalidEventException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid("missing field " + field);
        }
        if (!value.isTextual()) {
            throw invalid("field " + field + " must be a string, was " + value.getNodeType().name().toLowerCase());
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw invalid("field " + field + " is blank");
        }
        if (text.length() > maxLength) {
            throw invalid("field " + field + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    private static String oneOf(JsonNode node, String field, Set<String> allowed) throws InvalidEventException {
        String value = text(node, field, MAX_ID_LENGTH);
        if (!allowed.contains(value)) {
            throw invalid("field " + field + " has unknown value '" + value + "' (expected one of " + allowed + ")");
        }
        return value;
    }

    private static InvalidEventException invalid(String message) {
        return new InvalidEventException(RejectReason.INVALID_EVENT, message);
    }

    private static <E> Set<String> values(E[] constants, java.util.function.Function<E, String> value) {
        return Arrays.stream(constants).map(value).collect(Collectors.toUnmodifiableSet());
    }
}
