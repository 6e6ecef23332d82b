package clickstream.indexing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.apache.camel.Exchange;
import org.opensearch.client.ResponseException;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Reads the answer to one bulk request, the one place per-item results are acted on (the opensearch component raises
 * nothing for refused items, CAMEL-12419). Each item gets a {@link BulkItemOutcome}: indexed and duplicates are done,
 * document refusals are set aside for the dead-letter topic, everything else stays pending and the request fails
 * with a {@link TransientIndexingException}, which the error policy retries with backoff. A refusal caused by the
 * cluster also holds the indexer's readiness DOWN with the reason ({@link IndexerCondition}) while any consumer's
 * batch still meets it (see {@link #holders}). A whole request refused as too large (413) is split instead of retried
 * as it was.
 */
public final class BulkResultHandler {

    /**
     * A hold not renewed for this long is dropped at the next answer from any consumer. A batch still refused renews
     * its hold at every answer, at least every retry.max-delay-ms (30 s) plus a request's socket timeout (30 s); one
     * abandoned by a consumer that polls nothing more (partitions moved away by a rebalance) would otherwise hold
     * readiness DOWN for ever.
     */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private final IndexerCondition condition;
    private final BulkLimits limits;
    private final Clock clock;
    /**
     * Per {@link IndexerCondition} code this handler holds: the consumers ({@link IndexBatch#consumer()}) whose last
     * answer still had it, and when. A consumer's batches (up to {@code indexer.batches-in-flight}) read the same
     * partitions, and it polls them again when a batch is abandoned, so a consumer's next answer speaks for its
     * batches: an answer without the code releases that consumer, and the code is cleared only when no consumer holds
     * it (or only stale ones). One set for all consumers would let a clean answer on one thread clear a refusal
     * another thread's batch still meets, and readiness would flap. (A clean answer to one of a consumer's batches
     * while another of its batches still meets a refusal releases it until that batch's next retry holds it again.)
     * Guarded by {@code this}: at most one answer per bulk request.
     */
    private final Map<String, Map<String, Instant>> holders = new HashMap<>();

    public BulkResultHandler(IndexerCondition condition, BulkLimits limits) {
        this(condition, limits, Clock.systemUTC());
    }

    BulkResultHandler(IndexerCondition condition, BulkLimits limits, Clock clock) {
        this.condition = condition;
        this.limits = limits;
        this.clock = clock;
    }

    /** Route step after the bulk call: body = the response items, in the order of the operations sent. */
    @SuppressWarnings("unchecked")
    public void inspect(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        batch.startAttempt();
        List<BulkResponseItem> items = exchange.getMessage().getBody(List.class);
        List<IndexBatch.Pending> sent = batch.sent();
        if (items == null || items.size() != sent.size()) {
            // cannot pair items with records: treat the whole request as failed and send it again
            throw new TransientIndexingException("bulk response had " + (items == null ? "no" : items.size()) + " items for "
                    + sent.size() + " operations");
        }
        List<IndexBatch.Pending> retry = new ArrayList<>();
        Map<String, String> clusterFaults = new LinkedHashMap<>();
        int indexed = 0;
        int duplicates = 0;
        boolean throttled = false;
        String lastRetried = null;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            BulkItemOutcome outcome = BulkItemOutcome.of(item);
            switch (outcome) {
                case INDEXED -> indexed++;
                case DUPLICATE -> duplicates++;
                case RETRY_CLUSTER, RETRY_TRANSIENT -> {
                    retry.add(sent.get(i));
                    lastRetried = describe(item);
                    throttled |= item.status() == 429;
                    if (outcome == BulkItemOutcome.RETRY_CLUSTER) {
                        clusterFaults.putIfAbsent(code(item), readinessReason(item));
                    }
                }
                case REJECT_DOCUMENT -> {
                    ErrorCause error = item.error();
                    batch.rejectSent(sent.get(i), outcome.rejectReason(), "opensearch." + error.type(), describe(item));
                }
            }
        }
        batch.indexed(indexed + duplicates);
        batch.duplicates(duplicates);
        batch.retryOnly(retry);
        if (throttled) {
            limits.throttled();
        } else {
            limits.answered();
        }
        int waiting = retry.size();
        clusterFaults.forEach((code, why) -> hold(batch, code, BulkItemOutcome.RETRY_CLUSTER, why + " (" + waiting + " of "
                + sent.size() + " documents of a bulk request wait)"));
        answered(batch, clusterFaults.keySet());
        if (!retry.isEmpty()) {
            // the next attempt sends these first (bulkRequestFactory.pendingOperations builds them from the batch)
            throw new TransientIndexingException(retry.size() + " of " + sent.size()
                    + " documents were refused for now and will be retried (last: " + lastRetried + ")");
        }
    }

    /**
     * Route step when the bulk call itself failed (the caught exception in {@link Exchange#EXCEPTION_CAUGHT}): a 413
     * splits the request (or dead-letters a lone document as too large) and the route goes on; anything else is
     * thrown again for the error policy to retry, a 429 lowering the requests in flight first and a refusal by the
     * cluster (401, 403, ...) holding readiness DOWN.
     */
    public void requestFailed(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure == null) {
            throw new IllegalStateException("requestFailed runs in a doCatch: no caught exception on the exchange");
        }
        OptionalInt status = requestStatus(failure);
        if (status.isEmpty()) {
            throw failure;
        }
        IndexBatch batch = IndexBatch.of(exchange);
        if (status.getAsInt() == 413) {
            List<IndexBatch.Pending> sent = batch.sent();
            if (sent.size() == 1) {
                batch.rejectSent(sent.get(0), RejectReason.TOO_LARGE, "opensearch.request_entity_too_large",
                        "HTTP 413: OpenSearch refused a bulk request of " + batch.sentBytes()
                                + " bytes holding only this document (http.max_content_length)");
                batch.retryOnly(List.of());
            } else {
                limits.tooLarge(batch.sentBytes());
                batch.retryOnly(sent);
            }
            return;
        }
        BulkItemOutcome outcome = BulkItemOutcome.ofRequestStatus(status.getAsInt());
        if (status.getAsInt() == 429) {
            limits.throttled();
        } else if (outcome == BulkItemOutcome.RETRY_CLUSTER) {
            hold(batch, "opensearch.http_" + status.getAsInt(), outcome, "HTTP " + status.getAsInt()
                    + " for the whole bulk request: " + failure.getMessage());
        }
        throw failure;
    }

    /**
     * The HTTP status of a bulk call that failed as a whole, as the opensearch client reports it: a
     * {@link ResponseException} for statuses it does not ignore (413, 429, 5xx; possibly wrapped by
     * {@code TransportException} for 401/403, and by the Camel producer's CamelExchangeException/CompletionException),
     * an {@link OpenSearchException} for an error body it could read (400, 404, 405). Empty for no HTTP answer.
     */
    static OptionalInt requestStatus(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ResponseException response) {
                return OptionalInt.of(response.getResponse().getStatusLine().getStatusCode());
            }
            if (cause instanceof OpenSearchException error) {
                return OptionalInt.of(error.status());
            }
        }
        return OptionalInt.empty();
    }

    private synchronized void hold(IndexBatch batch, String code, BulkItemOutcome outcome, String why) {
        holders.computeIfAbsent(code, k -> new HashMap<>()).put(batch.consumer(), clock.instant());
        condition.hold(code, why + ": " + outcome.description());
    }

    /**
     * OpenSearch answered a request of {@code batch}, refusing it for {@code stillHeld} only: its consumer no longer
     * holds any other code, stale holds are dropped, and a code nobody holds any more is cleared.
     */
    private synchronized void answered(IndexBatch batch, Set<String> stillHeld) {
        Instant stale = clock.instant().minus(STALE_AFTER);
        for (Iterator<Map.Entry<String, Map<String, Instant>>> it = holders.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Map<String, Instant>> code = it.next();
            if (!stillHeld.contains(code.getKey())) {
                code.getValue().remove(batch.consumer());
            }
            code.getValue().values().removeIf(since -> since.isBefore(stale));
            if (code.getValue().isEmpty()) {
                it.remove();
                condition.clear(code.getKey());
            }
        }
    }

    /** The cause code for readiness: the error type, or the status when OpenSearch gave none. */
    private static String code(BulkResponseItem item) {
        ErrorCause error = item.error();
        return "opensearch." + (error == null || error.type() == null ? "http_" + item.status() : error.type());
    }

    private static String describe(BulkResponseItem item) {
        ErrorCause error = item.error();
        return "HTTP " + item.status() + (error == null ? " without an error" : " " + error.type() + ": " + error.reason())
                + " (index " + item.index() + ")";
    }

    /**
     * The readiness reason for a cluster refusal. A write block or a closed index may be on purpose: a late event
     * (accepted up to indexer.max-event-age) for a daily index that ISM already made read-only or closed waits for
     * ever, so the reason names the index and the setting that avoids it.
     */
    static String readinessReason(BulkResponseItem item) {
        ErrorCause error = item.error();
        String type = error == null ? "" : String.valueOf(error.type());
        if (type.equals("cluster_block_exception") || type.equals("index_closed_exception")) {
            return "index " + item.index() + " refuses writes (HTTP " + item.status() + " " + type + ": " + error.reason()
                    + "): events for it wait; if old daily indices are made read-only or closed on purpose, set "
                    + "indexer.max-event-age below that age";
        }
        return describe(item);
    }
}
