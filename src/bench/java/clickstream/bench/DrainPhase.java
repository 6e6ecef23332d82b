package clickstream.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import clickstream.it.RunningApp;
import clickstream.model.EventFormat;

/**
 * (3) The pipeline drain: the real app, generator off, starts on the repeat's topic, which already holds
 * {@code events} records, and indexes them. Its clock starts when one of its consumers first fetches records
 * ({@link FirstFetch}: the app's start and the consumer group join are not the drain's work) and stops when
 * {@code _count} sees them all. (7) This JVM's memory is sampled meanwhile: the app is the only thing running in it
 * (the services have a JVM of their own, the benchmark's own data is released before it starts).
 */
final class DrainPhase implements Phase {

    private final SearchNode node;
    private final String brokers;
    private final EventFormat format;

    DrainPhase(SearchNode node, String brokers) {
        this(node, brokers, EventFormat.JSON);
    }

    /** The app with {@code event.format = format}, on the repeat's topic of that format ({@link ProducerPhase#topic}). */
    DrainPhase(SearchNode node, String brokers, EventFormat format) {
        this.node = node;
        this.brokers = brokers;
        this.format = format;
    }

    @Override
    public String key() {
        return format == EventFormat.JSON ? "drain" : "drain_" + format.value();
    }

    @Override
    public Map<String, Object> run(String tag, int events, Window window) throws Exception {
        String topic = ProducerPhase.topic(tag, format);
        String name = topic + "-indexer";
        Map<String, String> props = AppSettings.forTopic(brokers, node.url(), topic, name);
        props.put("event.format", format.value());
        props.put("generator.enabled", "false");
        props.put("progress.enabled", "false");
        props.put("camel.component.kafka.interceptor-classes", FirstFetch.class.getName());
        FirstFetch.onFirstRecords(name, window::start);

        // no System.gc() first: G1 would shrink the heap to a few dozen MiB and the drain would run on a heap no
        // app of this JVM's size has (young collections every few ms, marking cycles)
        MemorySampler memory = new MemorySampler();
        long t0 = System.nanoTime();
        long started;
        long indexed;
        long deadLettered;
        Map<String, Object> mem;
        try (RunningApp app = RunningApp.start(props)) {
            started = app.startedNanos();
            node.awaitCount(name + "-*", events, Duration.ofMinutes(5));
            // stopped before the app is: its threads are still there to be accounted for
            window.stop(events);
            mem = memory.stop();
            indexed = app.metrics().indexed();
            deadLettered = app.metrics().deadLettered();
        } finally {
            FirstFetch.forget(name);
        }
        long count = node.count(name + "-*");
        node.deleteIndices(name + "-*");
        if (count != events || deadLettered != 0) {
            throw new IllegalStateException("drain of " + events + " events ended with " + count + " documents and "
                    + deadLettered + " dead-lettered");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", format.value());
        result.put("app_start_s", CpuMeter.round((started - t0) / 1e9));
        result.put("routes_started_to_first_fetch_s", CpuMeter.round((window.startNanos() - started) / 1e9));
        result.put("indexed_by_app", indexed);
        result.put("memory", mem);
        return result;
    }
}
