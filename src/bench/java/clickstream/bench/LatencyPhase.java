package clickstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.generator.GeneratorRoute;
import clickstream.it.RunningApp;

/**
 * (5) Latency at a fixed rate: the real app with its generator route at {@code rate} events/s and
 * {@code opensearch.ingest-timestamp=true}, so every document carries {@code indexed_at}, the time the node ingested
 * it. What is measured, per event whose {@code timestamp} falls in the measured window (after a warm-up):
 * <ul>
 * <li><b>searchable</b> = S − timestamp, where S is the first moment a search could see the document. A poller asks
 * the node every {@value #POLL_MS} ms for the newest {@code indexed_at} a search sees (a max aggregation, no forced
 * refresh); a refresh makes everything indexed before it visible, so the document is searchable from the first
 * poll that sees an {@code indexed_at} at least its own. S is that poll's answer time: an upper bound, at most one
 * poll interval late;</li>
 * <li><b>indexed</b> = indexed_at − timestamp: Kafka, batching and the bulk request, without the refresh wait.</li>
 * </ul>
 * The generator stamps {@code timestamp} when it makes the event, on the same clock as the node.
 */
final class LatencyPhase {

    static final int POLL_MS = 50;

    private LatencyPhase() {
    }

    static Map<String, Object> run(SearchNode node, ChildJvm services, String brokers, String topic, int rate,
            double warmupSeconds, double measureSeconds) throws Exception {
        Map<String, String> props = AppSettings.forTopic(brokers, node.url(), topic, topic);
        props.put("opensearch.ingest-timestamp", "true");
        props.put("generator.rate", Integer.toString(rate));
        props.put("progress.enabled", "false");

        Poller poller = new Poller(node, topic + "-*");
        long produced;
        long appStartMillis;
        String refreshInterval;
        CpuMeter cpu;
        try (RunningApp app = RunningApp.start(props)) {
            appStartMillis = System.currentTimeMillis();
            refreshInterval = app.context().resolvePropertyPlaceholders("{{opensearch.index.refresh-interval}}");
            poller.start();
            cpu = new CpuMeter(services);
            Thread.sleep((long) ((warmupSeconds + measureSeconds) * 1000));
            app.context().getRouteController().stopRoute(GeneratorRoute.ROUTE_ID);
            produced = app.metrics().produced();
            node.awaitCount(topic + "-*", produced, Duration.ofMinutes(2));
            Thread.sleep(2L * POLL_MS);
            poller.stop();
        }
        Map<String, Object> cpuUse = cpu.stop();
        if (poller.failure != null) {
            throw new IllegalStateException("the latency poller failed", poller.failure);
        }

        long from = appStartMillis + (long) (warmupSeconds * 1000);
        long to = appStartMillis + (long) ((warmupSeconds + measureSeconds) * 1000);
        List<double[]> samples = new ArrayList<>(); // {searchable, indexed} seconds
        long[] times = poller.times();
        long[] maxima = poller.maxima();
        for (JsonNode doc : allDocuments(node, topic + "-*")) {
            long timestamp = Instant.parse(doc.path("timestamp").asText()).toEpochMilli();
            if (timestamp < from || timestamp >= to) {
                continue;
            }
            long indexedAt = Instant.parse(doc.path("indexed_at").asText()).toEpochMilli();
            int poll = firstAtLeast(maxima, indexedAt);
            if (poll < 0) {
                throw new IllegalStateException("no poll saw indexed_at " + indexedAt + " although all documents are searchable");
            }
            samples.add(new double[] {(times[poll] - timestamp) / 1000.0, (indexedAt - timestamp) / 1000.0});
        }
        node.deleteIndices(topic + "-*");
        if (samples.isEmpty()) {
            throw new IllegalStateException("no event in the measured window");
        }
        double[] searchable = Stats.sorted(samples.stream().mapToDouble(s -> s[0]).toArray());
        double[] indexed = Stats.sorted(samples.stream().mapToDouble(s -> s[1]).toArray());
        double[] refreshWait = Stats.sorted(samples.stream().mapToDouble(s -> s[0] - s[1]).toArray());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("produced_events_per_s", Math.round(produced / (warmupSeconds + measureSeconds)));
        result.put("measured_s", measureSeconds);
        result.put("warmup_s", warmupSeconds);
        result.put("samples", samples.size());
        result.put("refresh_interval", refreshInterval);
        result.put("poll_ms", POLL_MS);
        result.put("searchable_s", percentiles(searchable));
        result.put("indexed_s", percentiles(indexed));
        result.put("refresh_wait_s", percentiles(refreshWait));
        result.put("cpu", cpuUse);
        return result;
    }

    private static Map<String, Object> percentiles(double[] sorted) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("p50", round(Stats.percentile(sorted, 50)));
        p.put("p95", round(Stats.percentile(sorted, 95)));
        p.put("p99", round(Stats.percentile(sorted, 99)));
        p.put("max", round(sorted[sorted.length - 1]));
        return p;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Index of the first poll whose maximum is at least {@code value}, or -1; maxima never decrease. */
    static int firstAtLeast(long[] maxima, long value) {
        int lo = 0;
        int hi = maxima.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (maxima[mid] >= value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < maxima.length ? lo : -1;
    }

    /** Every document's timestamp and indexed_at, paged with search_after on event_id. */
    private static List<JsonNode> allDocuments(SearchNode node, String pattern) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        String after = null;
        while (true) {
            String query = "{\"size\":10000,\"_source\":[\"timestamp\",\"indexed_at\"],\"sort\":[{\"event_id\":\"asc\"}]"
                    + (after == null ? "" : ",\"search_after\":[\"" + after + "\"]") + "}";
            JsonNode hits = node.post("/" + pattern + "/_search", query).path("hits").path("hits");
            if (hits.isEmpty()) {
                return docs;
            }
            for (JsonNode hit : hits) {
                docs.add(hit.path("_source"));
                after = hit.path("sort").get(0).asText();
            }
        }
    }

    /** Asks every {@value #POLL_MS} ms for the newest indexed_at a search sees. */
    private static final class Poller {
        private final SearchNode node;
        private final String pattern;
        private final List<long[]> polls = new ArrayList<>();
        private volatile boolean running = true;
        private volatile Throwable failure;
        private Thread thread;

        Poller(SearchNode node, String pattern) {
            this.node = node;
            this.pattern = pattern;
        }

        void start() {
            thread = new Thread(this::loop, "bench-latency-poller");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            String query = "{\"size\":0,\"query\":{\"range\":{\"indexed_at\":{\"gte\":\"now-60s\"}}},"
                    + "\"aggs\":{\"newest\":{\"max\":{\"field\":\"indexed_at\"}}}}";
            long running_max = Long.MIN_VALUE;
            try {
                while (running) {
                    long next = System.nanoTime() + POLL_MS * 1_000_000L;
                    JsonNode value;
                    try {
                        value = node.post("/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true", query)
                                .path("aggregations").path("newest").path("value");
                    } catch (java.io.IOException e) {
                        if (!SearchNode.notStartedYet(e)) {
                            throw e;
                        }
                        value = SearchNode.JSON.nullNode();
                    }
                    long answered = System.currentTimeMillis();
                    if (value.isNumber()) {
                        running_max = Math.max(running_max, value.asLong());
                        synchronized (polls) {
                            polls.add(new long[] {answered, running_max});
                        }
                    }
                    long sleep = (next - System.nanoTime()) / 1_000_000L;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long[] times() {
            synchronized (polls) {
                return polls.stream().mapToLong(p -> p[0]).toArray();
            }
        }

        long[] maxima() {
            synchronized (polls) {
                return polls.stream().mapToLong(p -> p[1]).toArray();
            }
        }
    }
}
