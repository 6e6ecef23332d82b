package clickstream.model;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ground truth of one generator run for one minute, a record of the truth topic ({@code generator.truth-topic},
 * key = the run id): what the generator sent whose event timestamp falls in that minute. Published when the minute
 * closes, and for the last, partial minute when the generator stops or reaches {@code generator.max-events}. Readers
 * add up every record of a minute (several runs, or a second record of one run for the same minute) and never
 * assume one record per minute.
 *
 * <pre>{@code
 * {"run_id":"4b0c…","minute":"2026-12-03T14:05:00Z","events":5998,"records":6001,
 *  "by_type":{"view":3801,…},"sessions_started":702,"bot_events":290,
 *  "chaos":{"malformed":1,"duplicate":3,"late":1},"late_to":{"2026-12-02T20:13:00Z":1},"partial":false}
 * }</pre>
 *
 * @param runId           the generator instance's run id (a random UUID per start)
 * @param minute          the minute, UTC, of the events' timestamps
 * @param events          events made (one record each, whatever chaos made of it)
 * @param records         records sent to the event topic: events plus the chaos duplicates
 * @param byType          events per {@code event_type} value
 * @param sessionsStarted sessions that began in this minute
 * @param botEvents       events carrying {@code is_bot}
 * @param chaos           chaos records per kind code ({@code malformed}, {@code missing-field}, {@code duplicate},
 *                        {@code late}); a late record carries a timestamp in an earlier minute, listed in
 *                        {@code lateTo}
 * @param lateTo          per earlier minute, how many of this minute's late records carry a timestamp in it
 * @param partial         the last minute of a run that stopped before it ended
 */
public record TruthMinute(String runId, Instant minute, long events, long records, Map<String, Long> byType,
                          long sessionsStarted, long botEvents, Map<String, Long> chaos, Map<Instant, Long> lateTo,
                          boolean partial) {

    /** The chaos kind whose record repeats an earlier one (refused as already indexed, never a document). */
    public static final String DUPLICATE = RecordHeaders.CHAOS_DUPLICATE;
    /** The chaos kind whose record is indexed into an earlier minute ({@link #lateTo()}). */
    public static final String LATE = "late";

    /** Records larger than this are not a truth record (each is a few hundred bytes). */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_ENTRIES = 10_000;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
    }

    public TruthMinute {
        if (runId == null || minute == null || byType == null || chaos == null || lateTo == null) {
            throw new IllegalArgumentException("run_id, minute, by_type, chaos and late_to are required");
        }
        if (!minute.truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
            throw new IllegalArgumentException("minute is not a whole minute: " + minute);
        }
        if (events < 0 || records < 0 || sessionsStarted < 0 || botEvents < 0) {
            throw new IllegalArgumentException("negative count");
        }
        byType = Collections.unmodifiableMap(new TreeMap<>(byType));
        chaos = Collections.unmodifiableMap(new TreeMap<>(chaos));
        lateTo = Collections.unmodifiableMap(new TreeMap<>(lateTo));
    }

    /** Chaos records of one kind code. */
    public long chaos(String kind) {
        return chaos.getOrDefault(kind, 0L);
    }

    /** Records expected in this minute's documents or dead letters: events less the late ones (they moved earlier). */
    public long expectedHere() {
        return events - chaos(LATE);
    }

    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("run_id", runId);
        node.put("minute", minute.toString());
        node.put("events", events);
        node.put("records", records);
        ObjectNode types = node.putObject("by_type");
        byType.forEach(types::put);
        node.put("sessions_started", sessionsStarted);
        node.put("bot_events", botEvents);
        ObjectNode kinds = node.putObject("chaos");
        chaos.forEach(kinds::put);
        ObjectNode late = node.putObject("late_to");
        lateTo.forEach((at, count) -> late.put(at.toString(), count));
        node.put("partial", partial);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A truth record read back, or empty when the bytes are not one (outside input: anything may be on the topic).
     * Never throws. Unknown fields are ignored, so a later generator may add some.
     */
    public static Optional<TruthMinute> parse(byte[] value) {
        if (value == null || value.length == 0 || value.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            String runId = text(node, "run_id");
            String minute = text(node, "minute");
            if (runId == null || runId.isEmpty() || runId.length() > 200 || minute == null) {
                return Optional.empty();
            }
            Map<String, Long> byType = counts(node.get("by_type"));
            Map<String, Long> chaos = counts(node.get("chaos"));
            Map<String, Long> lateMinutes = counts(node.get("late_to"), true);
            long events = count(node.get("events"));
            long records = count(node.get("records"));
            long sessions = count(node.get("sessions_started"));
            long bots = node.has("bot_events") ? count(node.get("bot_events")) : 0;
            if (byType == null || chaos == null || lateMinutes == null || events < 0 || records < 0 || sessions < 0
                    || bots < 0) {
                return Optional.empty();
            }
            Map<Instant, Long> lateTo = new TreeMap<>();
            for (Map.Entry<String, Long> entry : lateMinutes.entrySet()) {
                lateTo.merge(Instant.parse(entry.getKey()), entry.getValue(), Long::sum);
            }
            JsonNode partial = node.get("partial");
            return Optional.of(new TruthMinute(runId, Instant.parse(minute), events, records, byType, sessions, bots,
                    chaos, lateTo, partial != null && partial.asBoolean(false)));
        } catch (IOException | RuntimeException e) {
            // JsonProcessingException, DateTimeParseException, the constructor's IllegalArgumentException, overflow:
            // not a truth record
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A non-negative integral JSON number, else -1. */
    private static long count(JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            return -1;
        }
        long n = value.longValue();
        return n < 0 ? -1 : n;
    }

    private static Map<String, Long> counts(JsonNode node) {
        return counts(node, false);
    }

    /** An object of names to counts, or null; names are short lower-case codes, or instants when {@code instants}. */
    private static Map<String, Long> counts(JsonNode node, boolean instants) {
        if (node == null) {
            return new TreeMap<>();
        }
        if (!node.isObject() || node.size() > MAX_ENTRIES) {
            return null;
        }
        Map<String, Long> counts = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            long n = count(field.getValue());
            if (n < 0) {
                return null;
            }
            if (instants) {
                try {
                    Instant at = Instant.parse(field.getKey());
                    if (!at.truncatedTo(ChronoUnit.MINUTES).equals(at)) {
                        return null;
                    }
                } catch (DateTimeParseException e) {
                    return null;
                }
            } else if (!KEY.matcher(field.getKey()).matches()) {
                return null;
            }
            counts.put(field.getKey(), n);
        }
        return counts;
    }
}
