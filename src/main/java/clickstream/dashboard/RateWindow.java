package clickstream.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Per-second rates of a few running totals over a sliding window of samples, so the page shows a steady
 * "events/s" rather than the jitter of one sampling period.
 */
final class RateWindow {

    private record Sample(long nanos, long[] totals) {
    }

    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    RateWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    synchronized void add(long nanos, long... totals) {
        samples.addLast(new Sample(nanos, totals.clone()));
        // keep the newest sample older than the window as the base, so the rate always spans about the window
        while (samples.size() > 2) {
            Sample second = samples.stream().skip(1).findFirst().orElseThrow();
            if (nanos - second.nanos() >= windowNanos) {
                samples.removeFirst();
            } else {
                break;
            }
        }
    }

    /** Rates per second of each total between the oldest and the newest sample; zeros until there are two. */
    synchronized double[] perSecond() {
        Sample last = samples.peekLast();
        Sample first = samples.peekFirst();
        if (last == null || first == last || last.nanos() <= first.nanos()) {
            return new double[last == null ? 0 : last.totals().length];
        }
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        double[] rates = new double[last.totals().length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = Math.max(0, last.totals()[i] - first.totals()[i]) / seconds;
        }
        return rates;
    }
}
