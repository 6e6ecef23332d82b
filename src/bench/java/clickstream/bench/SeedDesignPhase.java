package clickstream.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.opensearch.OpensearchConstants;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.IndexNames;

/**
 * (4) The seed design: one index request per event through the same Camel opensearch endpoint
 * ({@code operation=Index}, {@code indexId} = event_id, the daily index in {@code indexName}), one at a time on one
 * thread, for a fixed window of {@code seconds}; events/s = acknowledged requests / window. One request creates the
 * index before the window opens.
 */
final class SeedDesignPhase implements Phase {

    private final BenchCamel camel;
    private final SearchNode node;
    private final double seconds;

    SeedDesignPhase(BenchCamel camel, SearchNode node, double seconds) {
        this.camel = camel;
        this.node = node;
        this.seconds = seconds;
    }

    @Override
    public String key() {
        return "seed";
    }

    /** {@code events} is not used: the window is a time, the events are what fits in it. */
    @Override
    public Map<String, Object> run(String tag, int events, Window window) throws Exception {
        String prefix = tag + "-seed";
        node.installTemplate(prefix, false);
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(tag.hashCode()));
        IndexNames names = new IndexNames(prefix);
        String uri = "opensearch:bench?operation=Index";
        indexOne(uri, names, generator.next());

        window.start();
        long end = window.startNanos() + (long) (seconds * 1e9);
        long acked = 0;
        while (System.nanoTime() < end) {
            indexOne(uri, names, generator.next());
            acked++;
        }
        window.stop(acked);
        node.deleteIndices(prefix + "-*");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("window_s", seconds);
        return result;
    }

    private void indexOne(String uri, IndexNames names, ClickEvent event) {
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
