package clickstream.dashboard;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.observe.PipelineMetrics;
import clickstream.observe.ConsumerLag;

/**
 * The page's counters: totals of this instance (PipelineMetrics), events/s in (produced) and out (indexed) over the
 * last ~10 s, the indexer group's consumer lag and what OpenSearch holds. The {@code dashboard-sampler} route
 * samples them every {@code dashboard.sample-interval}; requests only read, so no request (the endpoint needs no
 * login) makes the app call Kafka or OpenSearch. Why a value is unknown goes to the log, once when it becomes
 * unknown; the answer says only that it is (an exception's text holds hosts and other internals).
 */
public final class LiveCounters {

    static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final String NOT_SAMPLED = "not sampled yet";
    static final String UNKNOWN = "unknown (the app's log says why)";
    private static final Logger LOG = LoggerFactory.getLogger(LiveCounters.class);

    private final PipelineMetrics metrics;
    private final ConsumerLag lag;
    private final DashboardQueries queries;
    private final LongSupplier nanoTime;
    private final RateWindow rates = new RateWindow(RATE_WINDOW_NANOS);
    private final Availability lagAvailability = new Availability("the consumer lag");
    private final Availability searchableAvailability = new Availability("the count of searchable documents");
    private volatile boolean sampled;
    private volatile Long searchable;

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
        lagAvailability.update(lag.latest().error());
        try {
            searchable = queries.searchableDocuments();
            searchableAvailability.update(null);
        } catch (Exception e) {
            // the counters of this instance are still worth showing while OpenSearch is away
            searchable = null;
            searchableAvailability.update(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        sampled = true;
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
            result.put("consumerLagError", sampled ? UNKNOWN : NOT_SAMPLED);
        } else {
            result.put("consumerLag", lagNow.lag());
        }
        result.put("consumerLagAt", lagNow.at().toString());
        Long searchableNow = searchable;
        if (searchableNow == null) {
            result.putNull("searchable");
            result.put("searchableError", sampled ? UNKNOWN : NOT_SAMPLED);
        } else {
            result.put("searchable", searchableNow);
        }
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /**
     * Logs when a sampled value becomes unknown (with the first error) and when it is back: not at every sample,
     * so an outage of minutes is two lines, not one every {@code dashboard.sample-interval}.
     */
    private static final class Availability {
        private final String what;
        private boolean unknown;

        Availability(String what) {
            this.what = what;
        }

        /** Only the sampler thread calls this; {@code error} is null when the value was read. */
        void update(String error) {
            if (error != null && !unknown) {
                LOG.warn("The live page cannot show {}: {}", what, error);
            } else if (error == null && unknown) {
                LOG.info("The live page shows {} again", what);
            }
            unknown = error != null;
        }
    }
}
