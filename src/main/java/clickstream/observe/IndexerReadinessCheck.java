package clickstream.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import clickstream.indexing.IndexerCondition;

/**
 * Readiness: DOWN while the indexer is held up by a fault only the cluster or a setting can fix (a write block on the
 * index, a dead-letter topic it may not write, ...), with the reason; see {@link IndexerCondition}.
 */
public final class IndexerReadinessCheck extends ReadinessCheck {

    public static final String ID = "indexer";

    private final IndexerCondition condition;

    public IndexerReadinessCheck(IndexerCondition condition) {
        super(ID);
        this.condition = condition;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        condition.causes().values().forEach(cause ->
                builder.detail("held." + cause.code(), cause.reason() + " (since " + cause.since() + ")"));
        condition.firstCause().ifPresentOrElse(cause -> {
            builder.message("indexer held up since " + cause.since() + ": " + cause.reason());
            builder.down();
        }, builder::up);
    }
}
