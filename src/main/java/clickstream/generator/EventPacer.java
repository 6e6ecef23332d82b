package clickstream.generator;

import java.util.function.LongSupplier;

/**
 * Paces the generator to {@code generator.rate} events per second whatever the timer's jitter: each tick asks how
 * many events are due since the start. After a stall (GC, a slow broker) at most one second's worth is made up, so a
 * pause never turns into a burst that floods the topic.
 */
public final class EventPacer {

    private final double perNano;
    private final long maxBurst;
    private final LongSupplier nanoTime;
    private long startNanos = Long.MIN_VALUE;
    private long emitted;

    /** @param eventsPerSecond {@code generator.rate}, above 0 (its declaration's range) */
    public EventPacer(double eventsPerSecond, LongSupplier nanoTime) {
        this.perNano = eventsPerSecond / 1_000_000_000d;
        this.maxBurst = Math.max(1, (long) Math.ceil(eventsPerSecond));
        this.nanoTime = nanoTime;
    }

    public EventPacer(double eventsPerSecond) {
        this(eventsPerSecond, System::nanoTime);
    }

    /** How many events to make now. */
    public synchronized int due() {
        long now = nanoTime.getAsLong();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
        }
        long target = (long) ((now - startNanos) * perNano);
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
