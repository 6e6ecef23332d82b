package clickstream.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import clickstream.indexing.IndexerCondition;

/**
 * Readiness: DOWN while the indexer is held up by a fault only the cluster or a setting can fix (a write block on the
 * index, a dead-letter topic it may not write, ...), with the reason; see {@link IndexerCondition}.
 */
public final class IndexerReadinessCheck extends AbstractHealthCheck {

    public static final String ID = "indexer";

    private final IndexerCondition condition;

    public IndexerReadinessCheck(IndexerCondition condition) {
        super("clickstream", ID);
        this.condition = condition;
    }

    @Override
    public boolean isReadiness() {
        return true;
    }

    @Override
    public boolean isLiveness() {
        return false;
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
