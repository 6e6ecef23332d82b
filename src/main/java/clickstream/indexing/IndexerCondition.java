package clickstream.indexing;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why the indexer cannot make progress right now, by cause (e.g. {@code opensearch.cluster_block_exception},
 * {@code dlq.fatal}): the steps that meet a fault the cluster or a setting must fix report it here, clear it once it
 * passes, and the readiness check ({@code clickstream.observe.IndexerReadinessCheck}) is DOWN while any cause stands.
 * Thread-safe: each consumer thread reports on its own.
 */
public final class IndexerCondition {

    public static final String BEAN_NAME = "indexerCondition";

    /** One standing cause: a short code, a one-line reason and when it was first seen. */
    public record Cause(String code, String reason, Instant since) {
    }

    private final Map<String, Cause> causes = new ConcurrentHashMap<>();
    private final Clock clock;

    public IndexerCondition(Clock clock) {
        this.clock = clock;
    }

    /** The indexer is held up by {@code code}; a repeated report keeps the first {@code since}. */
    public void hold(String code, String reason) {
        causes.compute(code, (k, old) -> new Cause(code, reason, old == null ? clock.instant() : old.since()));
    }

    /** {@code code} no longer holds the indexer up (a no-op if it did not). */
    public void clear(String code) {
        causes.remove(code);
    }

    /** The oldest standing cause, if any. */
    public Optional<Cause> firstCause() {
        return causes.values().stream().min((a, b) -> a.since().compareTo(b.since()));
    }

    public Map<String, Cause> causes() {
        return Map.copyOf(causes);
    }
}
