package clickstream.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.RecordHeaders;
import clickstream.model.Timestamps;

/**
 * Opt-in chaos for demos and tests ({@code generator.chaos.fraction} &gt; 0): turns that fraction of the generator's records
 * into the bad input a real pipeline meets, so the dead-letter topic, idempotent indexing and reconciliation can be
 * watched at work.
 *
 * <ul>
 *   <li>{@code malformed}: the event's JSON cut short (dead-lettered as malformed_json);</li>
 *   <li>{@code missing-field}: a required field removed (invalid_event);</li>
 *   <li>{@code duplicate}: the event is sent, and after it an exact copy (key and bytes) of a recent earlier record,
 *       which must be refused as already indexed (409 on create), not add a document;</li>
 *   <li>{@code late}: the event's timestamp set 1 to 48 hours back; still valid, it lands in an older daily index.</li>
 * </ul>
 *
 * Malformed, missing-field and late records replace the event; a duplicate is one record more. Every injected
 * record carries the Kafka header {@value #HEADER} = its kind. The injector draws from its own PRNG seeded from
 * the generator's seed ({@code generator.seed}, or the one drawn for the run), so a run repeats and the generator's
 * own event sequence is the same with chaos on or off. A duplicate copies the earlier record's bytes, event_id
 * included, so it stays a real duplicate whatever the ids are made of.
 */
public final class ChaosInjector {

    /** Record header naming the kind of an injected record. */
    public static final String HEADER = RecordHeaders.CHAOS;

    /** Recent records a duplicate is copied from: bounded, so memory stays fixed however long it runs. */
    static final int RECENT_RECORDS = 100;
    /** Fields every event needs whatever its type; missing-field removes one of them. */
    static final String[] REQUIRED_FIELDS = {"event_id", "event_type", "user_id", "session_id", "timestamp", "device_type"};
    private static final long HOUR_MILLIS = 3_600_000L;
    /** Keeps the chaos draws apart from the generator's own sequence for the same seed. */
    private static final long SEED_SALT = 0x6368616f73L; // "chaos"
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        MALFORMED, MISSING_FIELD, DUPLICATE, LATE;

        /** The name in {@code generator.chaos.kinds} and in the {@value ChaosInjector#HEADER} header. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind of a code; the setting's declaration lists the same codes (ChaosInjectorTest). */
        static Kind of(String code) {
            return Arrays.stream(values()).filter(k -> k.code().equals(code)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no chaos kind " + code));
        }
    }

    /** Receives the records to send: key, value and the chaos kind ({@code null} for an untouched record). */
    @FunctionalInterface
    public interface Sink {
        void send(String key, byte[] value, Kind chaos);
    }

    private final double fraction;
    private final Kind[] kinds;
    private final SplittableRandom rnd;
    private final String[] recentKeys = new String[RECENT_RECORDS];
    private final byte[][] recentValues = new byte[RECENT_RECORDS][];
    private int recentCount;
    private int recentNext;
    private final AtomicLongArray injected = new AtomicLongArray(Kind.values().length);
    private long lastLateMillis;

    private ChaosInjector(double fraction, Kind[] kinds, long seed) {
        this.fraction = fraction;
        this.kinds = kinds;
        this.rnd = new SplittableRandom(seed ^ SEED_SALT);
    }

    /** No chaos: every event is sent as it is. */
    public static ChaosInjector off() {
        return new ChaosInjector(0, new Kind[0], 0);
    }

    /** The chaos the settings ask for ({@code generator.chaos.*}), drawing from {@code seed}. */
    public static ChaosInjector from(Settings settings, long seed) {
        return of(settings.get(Generator.CHAOS_FRACTION), settings.optional(Generator.CHAOS_KINDS).orElse(List.of()), seed);
    }

    /**
     * @param fraction share of events that become bad records, 0 (off) to 1 (the setting's range)
     * @param kinds    {@link Kind#code()}s, used with equal probability
     * @throws ConfigurationException when chaos is on and no kind is given
     */
    public static ChaosInjector of(double fraction, List<String> kinds, long seed) {
        EnumSet<Kind> set = EnumSet.noneOf(Kind.class);
        kinds.forEach(code -> set.add(Kind.of(code)));
        if (fraction > 0 && set.isEmpty()) {
            throw new ConfigurationException("Property " + Generator.CHAOS_KINDS.key() + " is empty while "
                    + Generator.CHAOS_FRACTION.key() + " = " + fraction + ": list at least one of " + allCodes() + ", or set "
                    + Generator.CHAOS_FRACTION.key() + "=0");
        }
        // enum order, so the draw does not depend on how the list was written
        return new ChaosInjector(fraction, set.toArray(new Kind[0]), seed);
    }

    /** Kinds written as in {@code generator.chaos.kinds}, read by that setting's declaration (tests, tools). */
    public static ChaosInjector of(double fraction, String kinds, long seed) {
        return of(fraction, kinds.isBlank() ? List.of() : Generator.CHAOS_KINDS.type().parse(Generator.CHAOS_KINDS.key(), kinds),
                seed);
    }

    private static String allCodes() {
        return Arrays.stream(Kind.values()).map(Kind::code).collect(Collectors.joining(", "));
    }

    public boolean enabled() {
        return fraction > 0;
    }

    /** Sends the record(s) for one event to {@code sink}: the event itself, altered or followed by a duplicate. */
    public synchronized void emit(ClickEvent event, Sink sink) {
        String key = event.userId();
        if (!enabled()) {
            sink.send(key, ClickEventJson.toBytes(event), null);
            return;
        }
        if (rnd.nextDouble() >= fraction) {
            sendValid(key, ClickEventJson.toBytes(event), null, sink);
            return;
        }
        Kind kind = kinds[rnd.nextInt(kinds.length)];
        switch (kind) {
            case MALFORMED -> {
                byte[] json = ClickEventJson.toBytes(event);
                // any strict prefix of a JSON object is unparseable: its closing brace is the last byte
                sink.send(key, Arrays.copyOf(json, 1 + rnd.nextInt(json.length - 1)), kind);
            }
            case MISSING_FIELD -> sink.send(key, without(event, REQUIRED_FIELDS[rnd.nextInt(REQUIRED_FIELDS.length)]), kind);
            case LATE -> sendValid(key, ClickEventJson.toBytes(late(event)), kind, sink);
            case DUPLICATE -> {
                if (recentCount == 0) {
                    sendValid(key, ClickEventJson.toBytes(event), null, sink); // nothing earlier to duplicate yet
                    return;
                }
                int pick = rnd.nextInt(recentCount);
                String dupKey = recentKeys[pick];
                byte[] dupValue = recentValues[pick];
                sendValid(key, ClickEventJson.toBytes(event), null, sink);
                sink.send(dupKey, dupValue, kind);
            }
            default -> throw new IllegalStateException("unhandled chaos kind " + kind);
        }
        injected.incrementAndGet(kind.ordinal());
    }

    /** A valid record: sent, and remembered as one a later duplicate may copy. */
    private void sendValid(String key, byte[] value, Kind chaos, Sink sink) {
        sink.send(key, value, chaos);
        recentKeys[recentNext] = key;
        recentValues[recentNext] = value;
        recentNext = (recentNext + 1) % RECENT_RECORDS;
        recentCount = Math.min(recentCount + 1, RECENT_RECORDS);
    }

    private ClickEvent late(ClickEvent e) {
        long delay = HOUR_MILLIS + rnd.nextLong(47 * HOUR_MILLIS + 1); // 1 h to 48 h
        lastLateMillis = e.instant().toEpochMilli() - delay;
        return new ClickEvent(e.eventId(), e.eventType(), e.userId(), e.sessionId(),
                Timestamps.format(lastLateMillis), e.deviceType(), e.articleId(), e.category(),
                e.commentText(), e.referrer(), e.userAgent(), e.isBot());
    }

    /**
     * The timestamp (epoch millis) the last late record was given; read by a {@link Sink} while it receives that
     * record (inside {@link #emit}, on the same thread), so the ground truth knows the minute it will be found in.
     */
    public long lastLateMillis() {
        return lastLateMillis;
    }

    private static byte[] without(ClickEvent event, String field) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(ClickEventJson.toBytes(event));
            node.remove(field);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records injected so far of one kind. */
    public long injected(Kind kind) {
        return injected.get(kind.ordinal());
    }

    /** Records injected so far, per kind, in {@link Kind} order. */
    public Map<Kind, Long> injected() {
        Map<Kind, Long> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, injected(kind));
        }
        return counts;
    }

    /** For the progress line: {@code chaos malformed 3, missing-field 2, duplicate 4, late 1}; empty when off. */
    public String summary() {
        if (!enabled()) {
            return "";
        }
        StringJoiner text = new StringJoiner(", ", "chaos ", "");
        for (Kind kind : kinds) {
            text.add(kind.code() + " " + String.format("%,d", injected(kind)));
        }
        return text.toString();
    }
}
