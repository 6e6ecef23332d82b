package clickstream.generator;

import java.util.function.LongSupplier;

/**
 * Paces the generator to {@code generator.rate} events per second whatever the timer's jitter: each tick asks how
 * many events are due since the start. After a stall (GC, a slow broker) at most one second's worth is made up, so a
 * pause never turns into a burst that floods the topic.
 *
 * <p>With a {@link RateShape} (time-of-day curve, breaking-news spike) the rate is {@code generator.rate} times the
 * shape's factor at the time of each tick: the elapsed time is counted in "rate-weighted" nanoseconds, so a flat
 * shape (factor 1) gives exactly the events the plain rate would.
 */
public final class EventPacer {

    /** The factor on the configured rate at a wall-clock time, epoch millis. */
    @FunctionalInterface
    public interface RateShape {
        RateShape FLAT = millis -> 1.0;

        double factor(long epochMillis);
    }

    private final double eventsPerSecond;
    private final double perNano;
    private final LongSupplier nanoTime;
    private final RateShape shape;
    private final LongSupplier wallMillis;
    private long startNanos = Long.MIN_VALUE;
    private long lastNanos;
    /** Nanoseconds since the start, each weighted by the shape's factor when it passed. */
    private double weightedNanos;
    private long emitted;

    /** @param eventsPerSecond {@code generator.rate}, above 0 (its declaration's range) */
    public EventPacer(double eventsPerSecond, LongSupplier nanoTime) {
        this(eventsPerSecond, nanoTime, RateShape.FLAT, System::currentTimeMillis);
    }

    public EventPacer(double eventsPerSecond) {
        this(eventsPerSecond, System::nanoTime);
    }

    /** @param wallMillis the clock the shape reads (the generator's event clock: its hours are the curve's) */
    public EventPacer(double eventsPerSecond, LongSupplier nanoTime, RateShape shape, LongSupplier wallMillis) {
        this.eventsPerSecond = eventsPerSecond;
        this.perNano = eventsPerSecond / 1_000_000_000d;
        this.nanoTime = nanoTime;
        this.shape = shape;
        this.wallMillis = wallMillis;
    }

    /** How many events to make now. */
    public synchronized int due() {
        long now = nanoTime.getAsLong();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
            lastNanos = now;
        }
        double factor = shape == RateShape.FLAT ? 1.0 : Math.max(0, shape.factor(wallMillis.getAsLong()));
        // a double holds whole nanoseconds exactly for 104 days; a flat shape keeps the plain rate's arithmetic
        weightedNanos = factor == 1.0 && shape == RateShape.FLAT
                ? (double) (now - startNanos) : weightedNanos + (now - lastNanos) * factor;
        lastNanos = now;
        long target = (long) (weightedNanos * perNano);
        long maxBurst = Math.max(1, (long) Math.ceil(eventsPerSecond * Math.max(factor, 1e-9)));
        long due = target - emitted;
        if (due > maxBurst) {
            // fell behind: forget the backlog beyond one second instead of bursting
            emitted = target - maxBurst;
            due = maxBurst;
        }
        emitted += due;
        return (int) due;
    }
}
