package clickstream.indexing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import clickstream.model.Category;
import clickstream.config.SettingsCatalog;
import clickstream.model.DeviceType;
import clickstream.model.EventType;

/**
 * Checks a record against the event contract before it is indexed, so a wrong event is dead-lettered with a precise
 * reason instead of being half-indexed or failing the whole bulk request. Unknown extra fields are left to the
 * index's strict mapping to judge. The timestamp must lie within {@code indexer.max-event-age} before and
 * {@code indexer.max-clock-skew} after this validator's clock: each distinct day creates a daily index, so a producer
 * must not be able to create them without bound.
 */
public final class EventValidator {


    static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> EVENT_TYPES = values(EventType.values(), EventType::value);
    private static final Set<String> ARTICLE_EVENT_TYPES = Arrays.stream(EventType.values())
            .filter(EventType::isArticleEvent).map(EventType::value).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> DEVICES = values(DeviceType.values(), DeviceType::value);
    private static final Set<String> CATEGORIES = values(Category.values(), Category::value);
    private static final String[] EVENT_TYPE_VALUES = EVENT_TYPES.toArray(String[]::new);
    private static final String[] DEVICE_VALUES = DEVICES.toArray(String[]::new);
    private static final String[] CATEGORY_VALUES = CATEGORIES.toArray(String[]::new);
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_COMMENT_LENGTH = 2000;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** What {@link #canonicalUtcMillis} returns for any other form; no 4-digit year is this far back. */
    private static final long NOT_CANONICAL = Long.MIN_VALUE;
    /** Epoch seconds whose millis fit in a long. */
    private static final long MAX_SAFE_SECONDS = Long.MAX_VALUE / 1000 - 1;

    private final JsonFactory json = new JsonFactory();
    private final int maxEventBytes;
    private final long maxEventAgeMillis;
    private final long maxClockSkewMillis;
    private final Clock clock;

    /**
     * @param maxEventAge   how far before {@code clock}'s now a timestamp may be
     * @param maxClockSkew  how far after it (producers' clocks run ahead)
     */
    public EventValidator(int maxEventBytes, Duration maxEventAge, Duration maxClockSkew, Clock clock) {
        if (maxEventAge.isNegative() || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("event age and clock skew bounds must not be negative");
        }
        this.maxEventBytes = maxEventBytes;
        this.maxEventAgeMillis = maxEventAge.toMillis();
        this.maxClockSkewMillis = maxClockSkew.toMillis();
        this.clock = clock;
    }

    /** {@link #validate(byte[])} of a text (tests, tools); records arrive as bytes. */
    public ValidEvent validate(String json) throws InvalidEventException {
        return validate(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #validate(byte[], long)} at the clock's now. */
    public ValidEvent validate(byte[] json) throws InvalidEventException {
        return validate(json, nowMillis());
    }

    /** The clock's now in epoch millis: read once per batch, it saves a clock read (about 40 ns) per event. */
    public long nowMillis() {
        return clock.millis();
    }

    /**
     * Validates one record value, straight from its UTF-8 bytes: one streaming pass over the top-level fields (no
     * String copy of the record, no tree), and the same bytes become the document (see {@link RawJson}). The
     * timestamp's bounds are taken from {@code nowMillis}.
     */
    public ValidEvent validate(byte[] json, long nowMillis) throws InvalidEventException {
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
                    "event is larger than " + SettingsCatalog.Indexer.MAX_EVENT_BYTES.key() + " = " + maxEventBytes);
        }
        Fields fields = topLevelFields(json);
        if (scan.backslash && hasNulEscape(json)) {
            // valid JSON, but refused like the raw NUL byte above: no field of the contract has a use for it
            throw invalid("a string contains the NUL character (\\u0000)");
        }
        String eventId = text(fields, "event_id", MAX_ID_LENGTH);
        if (!isUuid(eventId)) {
            throw invalid("event_id '" + eventId + "' is not a UUID");
        }
        String type = oneOf(fields, "event_type", EVENT_TYPES);
        text(fields, "user_id", MAX_ID_LENGTH);
        text(fields, "session_id", MAX_ID_LENGTH);
        oneOf(fields, "device_type", DEVICES);
        if (ARTICLE_EVENT_TYPES.contains(type)) {
            text(fields, "article_id", MAX_ID_LENGTH);
            oneOf(fields, "category", CATEGORIES);
        } else if (present(fields, "category")) {
            // the live page shows the category of every event type (DashboardQueries): only known ones are stored
            oneOf(fields, "category", CATEGORIES);
        }
        if ("comment".equals(type)) {
            text(fields, "comment_text", MAX_COMMENT_LENGTH);
        }
        Object bot = fields.get("is_bot");
        if (bot != null && bot != JsonToken.VALUE_TRUE && bot != JsonToken.VALUE_FALSE && bot != JsonToken.VALUE_NULL) {
            // the mapping's boolean would also take "true" or 1; only JSON booleans keep one meaning for every reader
            throw invalid("field is_bot must be true or false, was " + (bot instanceof String ? "string" : typeName((JsonToken) bot)));
        }
        // the timestamp last, so out_of_range means an event valid in every other way (worth replaying as it is)
        String utcDate = utcDate(text(fields, "timestamp", 64), nowMillis - maxEventAgeMillis,
                nowMillis + maxClockSkewMillis);
        // the bulk body is one JSON document per line: a pretty-printed event is put on one line, anything else sent
        // as is
        return new ValidEvent(eventId, utcDate, scan.lineBreak ? oneLine(json) : json);
    }

    /**
     * The top-level fields ({@link Fields}). Fails on anything that is not exactly one JSON object, or names a
     * top-level field twice: "later wins" would validate one value and index another, which OpenSearch refuses (its
     * parser detects duplicates). Checked here, not by Jackson's STRICT_DUPLICATE_DETECTION, which costs about 80 ns
     * an event for nested objects the strict mapping refuses anyway (no field of the contract is an object).
     */
    private Fields topLevelFields(byte[] bytes) throws InvalidEventException {
        Fields fields = new Fields();
        try (JsonParser parser = json.createParser(bytes)) {
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
                if (!fields.read(name, value, parser)) {
                    throw new InvalidEventException(RejectReason.MALFORMED_JSON,
                            "not valid JSON: duplicate field '" + name + "'");
                }
                if (value != JsonToken.VALUE_STRING) {
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

    /**
     * One record's top-level fields, read for validation without a map or a String per value (it runs for every
     * event): a field of the contract gets a slot holding a String (ids, timestamp, an enum value: one of the
     * allowed constants when it is one), {@link #TEXT} for a string whose length and blankness are all that is
     * checked, or the {@link JsonToken} of any other value (nested values are skipped). Other names are only
     * remembered, to refuse a duplicate.
     */
    private static final class Fields {
        /** A string value read without a String made of it: its length and blankness are in the slot's arrays. */
        static final Object TEXT = new Object();
        private static final int EVENT_ID = 0;
        private static final int EVENT_TYPE = 1;
        private static final int USER_ID = 2;
        private static final int SESSION_ID = 3;
        private static final int TIMESTAMP = 4;
        private static final int DEVICE_TYPE = 5;
        private static final int ARTICLE_ID = 6;
        private static final int CATEGORY = 7;
        private static final int COMMENT_TEXT = 8;
        private static final int IS_BOT = 9;
        private static final int REFERRER = 10;
        private static final int USER_AGENT = 11;

        final Object[] values = new Object[12];
        final int[] lengths = new int[12];
        final boolean[] blank = new boolean[12];
        Set<String> others;

        static int slot(String name) {
            return switch (name) {
                case "event_id" -> EVENT_ID;
                case "event_type" -> EVENT_TYPE;
                case "user_id" -> USER_ID;
                case "session_id" -> SESSION_ID;
                case "timestamp" -> TIMESTAMP;
                case "device_type" -> DEVICE_TYPE;
                case "article_id" -> ARTICLE_ID;
                case "category" -> CATEGORY;
                case "comment_text" -> COMMENT_TEXT;
                case "is_bot" -> IS_BOT;
                case "referrer" -> REFERRER;
                case "user_agent" -> USER_AGENT;
                default -> -1;
            };
        }

        /** Reads the value the parser is on for {@code name}; false if the record named it before. */
        boolean read(String name, JsonToken value, JsonParser parser) throws IOException {
            int slot = slot(name);
            if (slot < 0) {
                if (others == null) {
                    others = new HashSet<>();
                }
                return others.add(name);
            }
            if (values[slot] != null) {
                return false;
            }
            if (value != JsonToken.VALUE_STRING) {
                values[slot] = value;
                return true;
            }
            values[slot] = switch (slot) {
                case EVENT_TYPE -> constantOrText(parser, EVENT_TYPE_VALUES);
                case DEVICE_TYPE -> constantOrText(parser, DEVICE_VALUES);
                case CATEGORY -> constantOrText(parser, CATEGORY_VALUES);
                case EVENT_ID, TIMESTAMP, IS_BOT -> parser.getText();
                default -> shape(slot, parser);
            };
            return true;
        }

        private Object shape(int slot, JsonParser parser) throws IOException {
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            int length = parser.getTextLength();
            boolean isBlank = true;
            for (int i = offset; i < offset + length && isBlank; i++) {
                isBlank = Character.isWhitespace(chars[i]);
            }
            lengths[slot] = length;
            blank[slot] = isBlank;
            return TEXT;
        }

        /** The allowed constant the value spells, else the value as a String (for the error message). */
        private static String constantOrText(JsonParser parser, String[] allowed) throws IOException {
            char[] chars = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            int length = parser.getTextLength();
            for (String candidate : allowed) {
                if (spells(candidate, chars, offset, length)) {
                    return candidate;
                }
            }
            return parser.getText();
        }

        private static boolean spells(String candidate, char[] chars, int offset, int length) {
            if (candidate.length() != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (candidate.charAt(i) != chars[offset + i]) {
                    return false;
                }
            }
            return true;
        }

        Object get(String name) {
            return values[slot(name)];
        }
    }

    /**
     * The record without its line breaks, every other byte as it was (numbers keep their text, strings their
     * escapes). Only for a record the strict parser accepted: JSON allows no raw line break inside a string, so
     * each one is whitespace between tokens, and no two tokens of a valid object need it to stay apart.
     */
    private static byte[] oneLine(byte[] json) {
        byte[] copy = new byte[json.length];
        int n = 0;
        for (byte b : json) {
            if (b != '\n' && b != '\r') {
                copy[n++] = b;
            }
        }
        return Arrays.copyOf(copy, n);
    }

    /**
     * Whether a string of a record that the parser accepted holds the escape backslash-u0000 (NUL). Only for records
     * with a backslash, which are rare: outside strings valid JSON has none.
     */
    private static boolean hasNulEscape(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\') {
                if (json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0' && json[i + 4] == '0'
                        && json[i + 5] == '0') {
                    return true;
                }
                i++; // the escaped character: an escaped backslash does not start another escape
            }
        }
        return false;
    }

    /** What one pass over a record's bytes tells: nearly every event is ASCII, so the strict decoder rarely runs. */
    private static final class Scan {
        boolean blank = true;
        boolean nonAscii;
        boolean lineBreak;
        boolean nul;
        boolean backslash;
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
                } else if (b == '\\') {
                    scan.backslash = true;
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

    /**
     * The UTC calendar day of the timestamp, {@code yyyy-MM-dd}, which names the daily index; refused as
     * {@link RejectReason#OUT_OF_RANGE} outside {@code [earliest, latest]} (epoch millis, both included).
     */
    static String utcDate(String timestamp, long earliest, long latest) throws InvalidEventException {
        // the producers' own form, yyyy-MM-ddTHH:mm:ss.SSSZ, is read field by field (Instant.parse costs about
        // 2 µs an event, the largest share of validating one); every other form goes through Instant.parse
        long millis = canonicalUtcMillis(timestamp);
        if (millis != NOT_CANONICAL) {
            inRange(timestamp, millis, earliest, latest);
            return timestamp.substring(0, 10);
        }
        Instant instant;
        try {
            instant = Instant.parse(timestamp);
        } catch (DateTimeException e) {
            throw invalid("timestamp '" + timestamp + "' is not an ISO-8601 instant such as 2026-11-26T05:31:02.123Z");
        }
        // Instant reaches past what epoch millis (and LocalDate) hold: such an instant is beyond any bound
        long epochMillis = instant.getEpochSecond() < -MAX_SAFE_SECONDS ? Long.MIN_VALUE
                : instant.getEpochSecond() > MAX_SAFE_SECONDS ? Long.MAX_VALUE : instant.toEpochMilli();
        inRange(timestamp, epochMillis, earliest, latest);
        try {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
        } catch (DateTimeException e) {
            // only without bounds (tests): past LocalDate's year 999,999,999
            throw new InvalidEventException(RejectReason.OUT_OF_RANGE, "timestamp '" + timestamp + "' has no calendar date");
        }
    }

    private static void inRange(String timestamp, long millis, long earliest, long latest) throws InvalidEventException {
        if (millis < earliest || millis > latest) {
            throw new InvalidEventException(RejectReason.OUT_OF_RANGE, "timestamp '" + timestamp + "' is outside "
                    + Instant.ofEpochMilli(earliest) + " .. " + Instant.ofEpochMilli(latest) + " ("
                    + SettingsCatalog.Indexer.MAX_EVENT_AGE.key() + " before, " + SettingsCatalog.Indexer.MAX_CLOCK_SKEW.key() + " after the indexer's clock)");
        }
    }

    /**
     * The epoch millis of {@code yyyy-MM-ddTHH:mm:ss.SSSZ} with a real date and a time of day before 24:00 (no leap
     * second), or {@link #NOT_CANONICAL} for any other text. No object, no parser: it runs for every event.
     */
    static long canonicalUtcMillis(String t) {
        if (t.length() != 24 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != '.' || t.charAt(23) != 'Z') {
            return NOT_CANONICAL;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int millis = digits(t, 20, 3);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0 || day > lengthOfMonth(year, month)) {
            return NOT_CANONICAL;
        }
        return epochDay(year, month, day) * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L + second * 1000L + millis;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** {@link LocalDate#toEpochDay()}'s arithmetic for a year from 0 to 9999, without the object. */
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        total += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
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

    /** The field's text ({@code null} for a {@link Fields#TEXT} value, which is checked without one). */
    private static String text(Fields fields, String field, int maxLength) throws InvalidEventException {
        int slot = Fields.slot(field);
        Object value = fields.values[slot];
        if (value == null || value == JsonToken.VALUE_NULL) {
            throw invalid("missing field " + field);
        }
        if (value == Fields.TEXT) {
            if (fields.blank[slot]) {
                throw invalid("field " + field + " is blank");
            }
            if (fields.lengths[slot] > maxLength) {
                throw invalid("field " + field + " is longer than " + maxLength + " characters");
            }
            return null;
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

    private static boolean present(Fields fields, String field) {
        Object value = fields.get(field);
        return value != null && value != JsonToken.VALUE_NULL;
    }

    private static String oneOf(Fields fields, String field, Set<String> allowed) throws InvalidEventException {
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
