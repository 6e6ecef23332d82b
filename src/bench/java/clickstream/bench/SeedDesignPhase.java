package clickstream.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.opensearch.OpensearchConstants;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.IndexNames;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * (3) The seed design: one index request per event through the same Camel opensearch endpoint
 * ({@code operation=Index}, {@code indexId} = event_id, the daily index in {@code indexName}), one at a time on one
 * thread, for a fixed window; events/s = acknowledged requests / window. One request creates the index before
 * the window opens.
 */
final class SeedDesignPhase {

    private SeedDesignPhase() {
    }

    static Map<String, Object> run(BenchCamel camel, SearchNode node, ChildJvm services, String prefix, double seconds,
            long seed) throws Exception {
        node.installTemplate(prefix, false);
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(seed));
        IndexNames names = new IndexNames(prefix);
        String uri = "opensearch:bench?operation=Index";
        indexOne(camel, uri, names, generator.next());

        CpuMeter cpu = new CpuMeter(services);
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long acked = 0;
        long now = t0;
        while (now < end) {
            indexOne(camel, uri, names, generator.next());
            acked++;
            now = System.nanoTime();
        }
        Map<String, Object> cpuUse = cpu.stop();
        node.deleteIndices(prefix + "-*");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", acked);
        result.put("events_per_s", Math.round(acked / ((now - t0) / 1e9)));
        result.put("window_s", seconds);
        result.put("cpu", cpuUse);
        return result;
    }

    private static void indexOne(BenchCamel camel, String uri, IndexNames names, ClickEvent event) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(OpensearchConstants.PARAM_INDEX_NAME, names.forDate(event.timestamp().substring(0, 10)));
        headers.put(OpensearchConstants.PARAM_INDEX_ID, event.eventId());
        String json = ClickEventJson.toJson(event);
        Exchange result = camel.template().send(uri, exchange -> {
            exchange.getMessage().setHeaders(headers);
            exchange.getMessage().setBody(json);
        });
        if (result.getException() != null) {
            throw new IllegalStateException("index request failed", result.getException());
        }
    }
}
