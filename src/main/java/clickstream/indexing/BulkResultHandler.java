package clickstream.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Reads a bulk response item by item. The opensearch component raises nothing for refused items (CAMEL-12419), so
 * this is where a refused document is classified: a version conflict means the document is already there
 * (success); 429 and 5xx are retried; any other refusal is permanent and the record goes to the dead-letter topic.
 */
public final class BulkResultHandler {

    /** Route step after the bulk call: body = the response items, in the order of the operations sent. */
    @SuppressWarnings("unchecked")
    public void inspect(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        batch.startAttempt();
        List<BulkResponseItem> items = exchange.getMessage().getBody(List.class);
        List<IndexBatch.Pending> sent = batch.pending();
        if (items == null || items.size() != sent.size()) {
            // cannot pair items with records: treat the whole attempt as failed and send it again
            throw new TransientIndexingException("bulk response had " + (items == null ? "no" : items.size()) + " items for "
                    + sent.size() + " operations");
        }
        List<IndexBatch.Pending> retry = new ArrayList<>();
        int indexed = 0;
        String lastTransient = null;
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            ErrorCause error = item.error();
            if (error == null || item.status() == 409) {
                indexed++;
            } else if (isTransient(item.status())) {
                retry.add(sent.get(i));
                lastTransient = item.status() + " " + error.type() + ": " + error.reason();
            } else {
                batch.reject(sent.get(i).record(), classify(error), "opensearch." + error.type(),
                        "HTTP " + item.status() + " " + error.type() + ": " + error.reason());
            }
        }
        batch.indexed(indexed);
        batch.retryOnly(retry);
        if (!retry.isEmpty()) {
            // the next attempt sends only these (bulkRequestFactory.pendingOperations builds them from the batch)
            throw new TransientIndexingException(retry.size() + " of " + sent.size()
                    + " documents were refused for now and will be retried (last: " + lastTransient + ")");
        }
    }

    static boolean isTransient(int status) {
        return status == 429 || status >= 500 || status == 408;
    }

    static RejectReason classify(ErrorCause error) {
        String type = error.type() == null ? "" : error.type().toLowerCase(Locale.ROOT);
        if (type.contains("mapper") || type.contains("mapping") || type.contains("parsing")
                || type.contains("illegal_argument")) {
            return RejectReason.MAPPING_REJECTED;
        }
        return RejectReason.INDEX_REJECTED;
    }
}
