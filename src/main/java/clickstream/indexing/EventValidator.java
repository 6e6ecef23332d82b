package clickstream.indexing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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

    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxEventBytes;

    public EventValidator(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** {@link #validate(byte[])} of a text (tests, tools); records arrive as bytes. */
    public ValidEvent validate(String json) throws InvalidEventException {
        return validate(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates one record value, straight from its UTF-8 bytes: one streaming pass over the top-level fields (no
     * String copy of the record, no tree), and the same bytes become the document (see {@link RawJson}).
     */
    public ValidEvent validate(byte[] json) throws InvalidEventException {
        Scan scan = Scan.of(json);
        if (scan.blank) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "empty record value");
        }
        // Jackson's byte parser would skip a BOM and read UTF-16/32 (NUL bytes), which must not reach a UTF-8 bulk body
        if (scan.nul || scan.bom || (scan.nonAscii && !isUtf8(json))) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "record value is not UTF-8 text");
        }
        if (json.length > maxEventBytes) {
            throw new InvalidEventException(RejectReason.TOO_LARGE,
                    "event is larger than indexer.max-event-bytes = " + maxEventBytes);
        }
        Map<String, Object> fields = topLevelFields(json);
        String eventId = text(fields, "event_id", MAX_ID_LENGTH);
        if (!isUuid(eventId)) {
            throw invalid("event_id '" + eventId + "' is not a UUID");
        }
        String type = oneOf(fields, "event_type", EVENT_TYPES);
        text(fields, "user_id", MAX_ID_LENGTH);
        text(fields, "session_id", MAX_ID_LENGTH);
        oneOf(fields, "device_type", DEVICES);
        String utcDate = utcDate(text(fields, "timestamp", 64));
        if (ARTICLE_EVENT_TYPES.contains(type)) {
            text(fields, "article_id", MAX_ID_LENGTH);
            oneOf(fields, "category", CATEGORIES);
        }
        if ("comment".equals(type)) {
            text(fields, "comment_text", MAX_COMMENT_LENGTH);
        }
        // the bulk body is one JSON document per line: a pretty-printed event is compacted, anything else sent as is
        return new ValidEvent(eventId, utcDate, scan.lineBreak ? compact(json) : json);
    }

    /**
     * The top-level fields: a String for string values, the {@link JsonToken} of anything else (nested values are
     * skipped). Later duplicates win, as in a tree. Fails on anything that is not exactly one JSON object.
     */
    private Map<String, Object> topLevelFields(byte[] json) throws InvalidEventException {
        Map<String, Object> fields = new HashMap<>(16);
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // read to the end first: "[1," is malformed JSON, "[1]" or "42" is JSON but not an object
                while (parser.nextToken() != null) {
                    parser.skipChildren();
                }
                throw new InvalidEventException(RejectReason.MALFORMED_JSON, "not a JSON object");
            }
            for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, parser.getText());
                } else {
                    fields.put(name, value);
                    parser.skipChildren();
                }
            }
            // trailing tokens: "{...} junk" or two objects in one record are malformed, not the first object
            if (parser.nextToken() != null) {
                throw new InvalidEventException(RejectReason.MALFORMED_JSON,
                        "not valid JSON: trailing content after the event object");
            }
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "not valid JSON: " + message);
        }
        return fields;
    }

    private byte[] compact(byte[] json) throws InvalidEventException {
        try {
            return mapper.writeValueAsBytes(mapper.readTree(json));
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getMessage());
        }
    }

    /** What one pass over a record's bytes tells: nearly every event is ASCII, so the strict decoder rarely runs. */
    private static final class Scan {
        boolean blank = true;
        boolean nonAscii;
        boolean lineBreak;
        boolean nul;
        boolean bom;

        static Scan of(byte[] bytes) {
            Scan scan = new Scan();
            if (bytes == null) {
                return scan;
            }
            scan.bom = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
            for (byte b : bytes) {
                if (b == '\n' || b == '\r') {
                    scan.lineBreak = true;
                } else if (b == 0) {
                    scan.nul = true;
                } else if (b < 0) {
                    scan.nonAscii = true;
                }
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    scan.blank = false;
                }
            }
            return scan;
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
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

    private static String text(Map<String, Object> fields, String field, int maxLength) throws InvalidEventException {
        Object value = fields.get(field);
        if (value == null || value == JsonToken.VALUE_NULL) {
            throw invalid("missing field " + field);
        }
        if (!(value instanceof String text)) {
            throw invalid("field " + field + " must be a string, was " + typeName((JsonToken) value));
        }
        if (text.isBlank()) {
            throw invalid("field " + field + " is blank");
        }
        if (text.length() > maxLength) {
            throw invalid("field " + field + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    private static String typeName(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "object";
            case START_ARRAY:
                return "array";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            default:
                return token.name().toLowerCase();
        }
    }

    private static String oneOf(Map<String, Object> fields, String field, Set<String> allowed) throws InvalidEventException {
        String value = text(fields, field, MAX_ID_LENGTH);
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
