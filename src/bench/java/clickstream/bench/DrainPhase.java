package clickstream.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import clickstream.it.RunningApp;

/**
 * (2) The pipeline drain: the real app, generator off, starts on a topic that already holds {@code events} records
 * and indexes them; timed from its routes having started (consumer group join included) to {@code _count} (no
 * forced refresh) seeing them all. (6) This JVM's memory is sampled meanwhile: the app is the only thing running
 * in it (the services have a JVM of their own, the benchmark's own data is released before it starts).
 */
final class DrainPhase {

    private DrainPhase() {
    }

    static Map<String, Object> run(SearchNode node, ChildJvm services, String brokers, String topic, long events)
            throws Exception {
        Map<String, String> props = AppSettings.forTopic(brokers, node.url(), topic);
        props.put("generator.enabled", "false");
        props.put("progress.enabled", "false");

        // no System.gc() first: G1 would shrink the heap to a few dozen MiB and the drain would run on a heap no
        // app of this JVM's size has (young collections every few ms, marking cycles)
        MemorySampler memory = new MemorySampler();
        CpuMeter cpu = new CpuMeter(services);
        long t0 = System.nanoTime();
        long started;
        long searchable;
        long indexed;
        long deadLettered;
        Map<String, Object> cpuUse;
        Map<String, Object> mem;
        try (RunningApp app = RunningApp.start(props)) {
            started = app.startedNanos();
            searchable = node.awaitCount(topic + "-*", events, Duration.ofMinutes(5), 20);
            // measured before the app stops: its threads are still there to be accounted for
            cpuUse = cpu.stop();
            mem = memory.stop();
            indexed = app.metrics().indexed();
            deadLettered = app.metrics().deadLettered();
        }
        long count = node.count(topic + "-*");
        node.deleteIndices(topic + "-*");
        if (count != events || deadLettered != 0) {
            throw new IllegalStateException("drain of " + events + " events ended with " + count + " documents and "
                    + deadLettered + " dead-lettered");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events);
        result.put("events_per_s", Math.round(events / ((searchable - started) / 1e9)));
        result.put("events_per_s_incl_app_start", Math.round(events / ((searchable - t0) / 1e9)));
        result.put("seconds", CpuMeter.round((searchable - started) / 1e9));
        result.put("app_start_s", CpuMeter.round((started - t0) / 1e9));
        result.put("indexed_by_app", indexed);
        result.put("cpu", cpuUse);
        result.put("memory", mem);
        return result;
    }
}
