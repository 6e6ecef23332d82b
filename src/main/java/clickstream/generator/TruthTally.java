package clickstream.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import clickstream.model.ClickEvent;
import clickstream.model.EventType;
import clickstream.model.TruthMinute;

/**
 * Counts what the generator sends, per minute of the events' timestamps, and hands out each minute as a
 * {@link TruthMinute} once it has closed: when the generator's clock is past the minute's end by {@link #GRACE_MILLIS}
 * (an event may be dated a few milliseconds after the clock to keep its session in order, so a minute is not closed
 * at the first event of the next). An event for a minute already handed out (only a clock step back could do that)
 * opens that minute again and it is handed out again; readers add up every record of a minute.
 *
 * <p>Thread-safe: the route's timer thread counts, the route's stop hands out the last minutes.
 */
final class TruthTally {

    static final long GRACE_MILLIS = 2_000;
    private static final long MINUTE_MILLIS = 60_000;
    private static final EventType[] TYPES = EventType.values();
    private static final ChaosInjector.Kind[] KINDS = ChaosInjector.Kind.values();

    /** One open minute's counts. */
    private static final class Counts {
        long events;
        long records;
        final long[] byType = new long[TYPES.length];
        long sessions;
        long bots;
        final long[] chaos = new long[KINDS.length];
        final Map<Long, Long> lateTo = new TreeMap<>();
    }

    private final String runId;
    private final TreeMap<Long, Counts> open = new TreeMap<>();
    // the minute of the last timestamp read, and its epoch millis: consecutive events nearly always share it
    private String lastMinuteText = "";
    private long lastMinuteMillis;

    TruthTally(String runId) {
        this.runId = runId;
    }

    String runId() {
        return runId;
    }

    /**
     * Counts one event made (one record, whatever chaos makes of it) and returns its timestamp, epoch millis (read from
     * its {@code timestamp}, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} as the generator writes it).
     */
    synchronized long event(ClickEvent event) {
        long millis = millisOf(event.timestamp());
        Counts counts = counts(millis);
        counts.events++;
        counts.records++;
        counts.byType[event.eventType().ordinal()]++;
        if (event.bot()) {
            counts.bots++;
        }
        return millis;
    }

    synchronized void sessionStarted(long millis) {
        counts(millis).sessions++;
    }

    /**
     * Counts a chaos record made from the event at {@code eventMillis}: a duplicate is a record more; a late record
     * carries {@code lateMillis} instead, so it will be found in that earlier minute.
     */
    synchronized void chaos(long eventMillis, ChaosInjector.Kind kind, long lateMillis) {
        Counts counts = counts(eventMillis);
        counts.chaos[kind.ordinal()]++;
        if (kind == ChaosInjector.Kind.DUPLICATE) {
            counts.records++;
        } else if (kind == ChaosInjector.Kind.LATE) {
            counts.lateTo.merge(Math.floorDiv(lateMillis, MINUTE_MILLIS) * MINUTE_MILLIS, 1L, Long::sum);
        }
    }

    /** The minutes that closed by {@code nowMillis}, oldest first; each only once. */
    synchronized List<TruthMinute> closed(long nowMillis) {
        List<TruthMinute> closed = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() + MINUTE_MILLIS + GRACE_MILLIS <= nowMillis) {
            Map.Entry<Long, Counts> first = open.pollFirstEntry();
            closed.add(truth(first.getKey(), first.getValue(), false));
        }
        return closed;
    }

    /** Every minute still open, the newest marked partial: the generator stops. */
    synchronized List<TruthMinute> finish() {
        List<TruthMinute> closed = new ArrayList<>();
        while (!open.isEmpty()) {
            Map.Entry<Long, Counts> first = open.pollFirstEntry();
            closed.add(truth(first.getKey(), first.getValue(), open.isEmpty()));
        }
        return closed;
    }

    private Counts counts(long millis) {
        return open.computeIfAbsent(Math.floorDiv(millis, MINUTE_MILLIS) * MINUTE_MILLIS, m -> new Counts());
    }

    private TruthMinute truth(long minute, Counts counts, boolean partial) {
        Map<String, Long> byType = new LinkedHashMap<>();
        for (EventType type : TYPES) {
            if (counts.byType[type.ordinal()] > 0) {
                byType.put(type.value(), counts.byType[type.ordinal()]);
            }
        }
        Map<String, Long> chaos = new LinkedHashMap<>();
        for (ChaosInjector.Kind kind : KINDS) {
            if (counts.chaos[kind.ordinal()] > 0) {
                chaos.put(kind.code(), counts.chaos[kind.ordinal()]);
            }
        }
        Map<Instant, Long> lateTo = new TreeMap<>();
        counts.lateTo.forEach((at, n) -> lateTo.put(Instant.ofEpochMilli(at), n));
        return new TruthMinute(runId, Instant.ofEpochMilli(minute), counts.events, counts.records, byType,
                counts.sessions, counts.bots, chaos, lateTo, partial);
    }

    /** Epoch millis of a {@code yyyy-MM-ddTHH:mm:ss.SSSZ} timestamp; the minute part is parsed once per minute. */
    long millisOf(String timestamp) {
        if (!timestamp.regionMatches(0, lastMinuteText, 0, 16) || lastMinuteText.isEmpty()) {
            lastMinuteText = timestamp.substring(0, 16);
            lastMinuteMillis = Instant.parse(lastMinuteText + ":00Z").toEpochMilli();
        }
        return lastMinuteMillis + digits(timestamp, 17, 2) * 1000L + digits(timestamp, 20, 3);
    }

    private static int digits(String text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
