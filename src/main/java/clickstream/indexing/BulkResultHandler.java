package clickstream.indexing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * cluster also holds the indexer's readiness DOWN with the reason ({@link IndexerCondition}) until a request goes
 * through without one. A whole request refused as too large (413) is split instead of retried as it was.
 */
public final class BulkResultHandler {

    private final IndexerCondition condition;
    private final BulkLimits limits;
    /** The {@link IndexerCondition} codes this handler holds, so that a clean answer clears exactly them. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public BulkResultHandler(IndexerCondition condition, BulkLimits limits) {
        this.condition = condition;
        this.limits = limits;
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
                        clusterFaults.putIfAbsent(code(item), lastRetried);
                    }
                }
                case REJECT_DOCUMENT -> {
                    ErrorCause error = item.error();
                    batch.rejectSent(sent.get(i), reason(error), "opensearch." + error.type(), describe(item));
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
        if (clusterFaults.isEmpty()) {
            clearHeld();
        } else {
            clusterFaults.forEach((code, why) -> hold(code, BulkItemOutcome.RETRY_CLUSTER, why + " (" + waiting + " of "
                    + sent.size() + " documents of a bulk request wait)"));
        }
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
            hold("opensearch.http_" + status.getAsInt(), outcome, "HTTP " + status.getAsInt() + " for the whole bulk request: "
                    + failure.getMessage());
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

    private void hold(String code, BulkItemOutcome outcome, String why) {
        held.add(code);
        condition.hold(code, why + ": " + outcome.description());
    }

    private void clearHeld() {
        for (String code : held) {
            held.remove(code);
            condition.clear(code);
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

    static RejectReason reason(ErrorCause error) {
        String type = error.type() == null ? "" : error.type().toLowerCase(Locale.ROOT);
        if (type.contains("mapper") || type.contains("mapping") || type.contains("parsing")
                || type.contains("illegal_argument")) {
            return RejectReason.MAPPING_REJECTED;
        }
        return RejectReason.INDEX_REJECTED;
    }
}
