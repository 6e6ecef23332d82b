package clickstream.dashboard;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.app.PipelineMetrics;
import clickstream.observe.ConsumerLag;

/**
 * The page's counters: totals of this instance (PipelineMetrics), events/s in (produced) and out (indexed) over the
 * last ~10 s, the indexer group's consumer lag and what OpenSearch holds. The {@code dashboard-sampler} route
 * samples them every {@code dashboard.sample-interval}; requests only read.
 */
public final class LiveCounters {

    static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PipelineMetrics metrics;
    private final ConsumerLag lag;
    private final DashboardQueries queries;
    private final LongSupplier nanoTime;
    private final RateWindow rates = new RateWindow(RATE_WINDOW_NANOS);

    public LiveCounters(PipelineMetrics metrics, ConsumerLag lag, DashboardQueries queries, LongSupplier nanoTime) {
        this.metrics = metrics;
        this.lag = lag;
        this.queries = queries;
        this.nanoTime = nanoTime;
    }

    /** Route step of the sampler. */
    public void sample() {
        rates.add(nanoTime.getAsLong(), metrics.produced(), metrics.indexed());
        lag.refresh();
    }

    /** The answer of {@code /api/counters}. */
    public ObjectNode snapshot() {
        double[] perSecond = rates.perSecond();
        ObjectNode result = DashboardQueries.JSON.createObjectNode();
        result.put("produced", metrics.produced());
        result.put("indexed", metrics.indexed());
        result.put("deadLettered", metrics.deadLettered());
        result.put("inPerSecond", round(perSecond.length > 0 ? perSecond[0] : 0));
        result.put("outPerSecond", round(perSecond.length > 1 ? perSecond[1] : 0));
        ConsumerLag.Snapshot lagNow = lag.latest();
        if (lagNow.lag() == null) {
            result.putNull("consumerLag");
            result.put("consumerLagError", lagNow.error());
        } else {
            result.put("consumerLag", lagNow.lag());
        }
        result.put("consumerLagAt", lagNow.at().toString());
        try {
            result.put("searchable", queries.searchableDocuments());
        } catch (Exception e) {
            // the counters of this instance are still worth showing while OpenSearch is away
            result.putNull("searchable");
            result.put("searchableError", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
