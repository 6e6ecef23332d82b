package clickstream.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.IndexNames;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * (1) The raw ceiling: the same events, as NDJSON bulk bodies built before the clock starts, sent straight to the
 * node with the low-level REST client by {@code concurrency} threads, into a fresh index from the app's template.
 * Timed from the first request to the moment {@code _count} (no forced refresh) sees them all, exactly like the
 * pipeline drain, so both include the same index creation and refresh wait.
 */
final class CeilingPhase {

    private final SearchNode node;
    private final ChildJvm services;

    CeilingPhase(SearchNode node, ChildJvm services) {
        this.node = node;
        this.services = services;
    }

    /** One measurement; the index is deleted afterwards. */
    Map<String, Object> run(String prefix, int events, int batchSize, int concurrency, boolean ingestTimestamp, long seed)
            throws Exception {
        node.installTemplate(prefix, ingestTimestamp);
        List<byte[]> bodies = bodies(prefix, events, batchSize, seed);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CpuMeter cpu = new CpuMeter(services);
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < bodies.size() && failure.get() == null; i = next.getAndIncrement()) {
                        node.bulk(bodies.get(i));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-bulk-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("raw bulk failed", failure.get());
        }
        long acked = System.nanoTime();
        long searchable = node.awaitCount(prefix + "-*", events, Duration.ofMinutes(3), 20);
        Map<String, Object> cpuUse = cpu.stop();
        node.deleteIndices(prefix + "-*");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", events);
        result.put("batch_size", batchSize);
        result.put("concurrency", concurrency);
        result.put("ingest_timestamp", ingestTimestamp);
        result.put("events_per_s", Math.round(events / ((searchable - t0) / 1e9)));
        result.put("acked_events_per_s", Math.round(events / ((acked - t0) / 1e9)));
        result.put("seconds", CpuMeter.round((searchable - t0) / 1e9));
        result.put("cpu", cpuUse);
        return result;
    }

    /** Bulk bodies of {@code batchSize} index operations each: id = event_id, daily index, like the indexer's. */
    static List<byte[]> bodies(String prefix, int events, int batchSize, long seed) {
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(seed));
        IndexNames names = new IndexNames(prefix);
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream(batchSize * 600);
        int inBody = 0;
        for (int i = 0; i < events; i++) {
            ClickEvent event = generator.next();
            String action = "{\"index\":{\"_index\":\"" + names.forDate(event.timestamp().substring(0, 10))
                    + "\",\"_id\":\"" + event.eventId() + "\"}}\n";
            body.writeBytes(action.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(ClickEventJson.toBytes(event));
            body.write('\n');
            if (++inBody == batchSize) {
                bodies.add(body.toByteArray());
                body.reset();
                inBody = 0;
            }
        }
        if (inBody > 0) {
            bodies.add(body.toByteArray());
        }
        return bodies;
    }
}
