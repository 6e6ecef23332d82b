package clickstream.bench;

import java.util.Map;

/**
 * One measurement the benchmark repeats (ceiling, reference consumer, pipeline drain, seed design, producer). A phase
 * only does its work and says when its clock starts and stops ({@link Window}); {@link Repeats} gives every phase the
 * same warm-up, number of repeats, order rotation, figures and CPU accounting, so no phase is measured more kindly
 * than another.
 */
interface Phase {

    /** Its key in results.json. */
    String key();

    /**
     * One run over {@code events} events, its topics, consumer groups and indices named from {@code tag}: starts
     * {@code window} when its clock starts (first request sent, first record fetched), stops it when the last event
     * is done (searchable, or acknowledged), and cleans up after itself.
     *
     * @return what this run measured beyond the window's own figures (settings, phase-specific timings)
     */
    Map<String, Object> run(String tag, int events, Window window) throws Exception;
}
