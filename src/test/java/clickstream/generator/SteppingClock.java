package clickstream.generator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A deterministic clock that moves on by a fixed step each time it is read. */
final class SteppingClock extends Clock {

    private final long stepMillis;
    private long millis;

    SteppingClock(Instant start, long stepMillis) {
        this.millis = start.toEpochMilli();
        this.stepMillis = stepMillis;
    }

    @Override
    public long millis() {
        long now = millis;
        millis += stepMillis;
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
