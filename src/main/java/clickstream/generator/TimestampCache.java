package clickstream.generator;

import java.time.Clock;

import clickstream.model.Timestamps;

/**
 * Reads the clock and formats it, formatting at most once per millisecond: at hundreds of thousands of events a
 * second most events share their millisecond with the previous one. Not thread-safe.
 */
final class TimestampCache {

    private final Clock clock;
    private long lastMillis = Long.MIN_VALUE;
    private String lastText;

    TimestampCache(Clock clock) {
        this.clock = clock;
    }

    long millis() {
        return clock.millis();
    }

    String format(long millis) {
        if (millis != lastMillis) {
            lastText = Timestamps.format(millis);
            lastMillis = millis;
        }
        return lastText;
    }
}
