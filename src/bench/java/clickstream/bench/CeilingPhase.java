package clickstream.bench;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.IndexNames;

/**
 * (1) The raw ceiling: the same events, as NDJSON bulk bodies built before the clock starts, sent straight to the
 * node with the low-level REST client by {@code concurrency} threads, into a fresh index from the app's template
 * (with the opt-in {@code indexed_at} ingest pipeline or without). Timed from the first request to the moment
 * {@code _count} sees them all, like every phase, so all include the same index creation and refresh wait.
 */
final class CeilingPhase implements Phase {

    private final SearchNode node;
    private final int batchSize;
    private final int concurrency;
    private final boolean ingestTimestamp;

    CeilingPhase(SearchNode node, int batchSize, int concurrency, boolean ingestTimestamp) {
        this.node = node;
        this.batchSize = batchSize;
        this.concurrency = concurrency;
        this.ingestTimestamp = ingestTimestamp;
    }

    @Override
    public String key() {
        return ingestTimestamp ? "ceiling_ingest_timestamp" : "ceiling";
    }

    @Override
    public Map<String, Object> run(String tag, int events, Window window) throws Exception {
        // "-ceilts" so that one pattern never matches the other's indices
        String prefix = tag + (ingestTimestamp ? "-ceilts" : "-ceiling");
        node.installTemplate(prefix, ingestTimestamp);
        List<byte[]> bodies = bodies(prefix, events, batchSize, tag.hashCode());
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        window.start();
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
        node.awaitCount(prefix + "-*", events, Duration.ofMinutes(3));
        window.stop(events);
        node.deleteIndices(prefix + "-*");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch_size", batchSize);
        result.put("concurrency", concurrency);
        result.put("ingest_timestamp", ingestTimestamp);
        result.put("acked_events_per_s", Math.round(events / ((acked - window.startNanos()) / 1e9)));
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
            body.writeBytes(SearchNode.actionLine(names.forDate(event.timestamp().substring(0, 10)), event.eventId()));
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
