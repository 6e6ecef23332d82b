package clickstream.observe;

import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;


/**
 * The pipeline's own meters for {@code /observe/metrics} (Prometheus names in brackets): events produced
 * ({@code clickstream_events_produced_total}), indexed ({@code clickstream_events_indexed_total}), dead-lettered
 * ({@code clickstream_events_dead_lettered_total}), found already indexed ({@code clickstream_events_duplicate_total}),
 * retries ({@code clickstream_retries_total}), bulk request
 * latency ({@code clickstream_bulk_duration_seconds} histogram) and consumer lag ({@code clickstream_consumer_lag}).
 * The totals read {@link PipelineMetrics}, the one place the routes count into, so the log line, the page and the
 * metrics never disagree.
 */
public final class PipelineMeters {

    public static final String PRODUCED = "clickstream.events.produced";
    public static final String INDEXED = "clickstream.events.indexed";
    public static final String DEAD_LETTERED = "clickstream.events.dead.lettered";
    public static final String DUPLICATE = "clickstream.events.duplicate";
    public static final String RETRIES = "clickstream.retries";
    public static final String BULK_DURATION = "clickstream.bulk.duration";
    public static final String CONSUMER_LAG = "clickstream.consumer.lag";

    private final MeterRegistry registry;

    public PipelineMeters(MeterRegistry registry, PipelineMetrics metrics, ConsumerLag lag) {
        this.registry = registry;
        FunctionCounter.builder(PRODUCED, metrics, PipelineMetrics::produced)
                .description("events the generator sent to Kafka").register(registry);
        FunctionCounter.builder(INDEXED, metrics, PipelineMetrics::indexed)
                .description("events indexed into OpenSearch").register(registry);
        FunctionCounter.builder(DUPLICATE, metrics, PipelineMetrics::duplicates)
                .description("events whose event_id was already indexed (a redelivery: 409 on create, not overwritten), "
                        + "counted in the indexed total too").register(registry);
        FunctionCounter.builder(DEAD_LETTERED, metrics, PipelineMetrics::deadLettered)
                .description("events written to the dead-letter topic").register(registry);
        Gauge.builder(CONSUMER_LAG, lag, ConsumerLag::value)
                .description("records of the event topic the indexer's group has not committed yet (NaN while unknown)")
                .tag("group", lag.group()).tag("topic", lag.topic())
                .register(registry);
        // registered up front so the series exist (at 0) before the first bulk call or retry
        bulkTimer("success");
        bulkTimer("failure");
        retries("indexer");
    }

    /** One bulk request to OpenSearch, by outcome (success = an answer came back, even with refused items). */
    public Timer bulkTimer(String outcome) {
        return Timer.builder(BULK_DURATION)
                .description("time of one bulk request to OpenSearch")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Redeliveries by the error policy (a transient fault was retried), by the route the exchange started in. */
    public io.micrometer.core.instrument.Counter retries(String route) {
        return io.micrometer.core.instrument.Counter.builder(RETRIES)
                .description("retries of a transient fault (OpenSearch unreachable, 429/5xx, Kafka timeouts)")
                .tag("route", route)
                .register(registry);
    }
}
