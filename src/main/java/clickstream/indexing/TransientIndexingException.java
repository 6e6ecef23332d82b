package clickstream.indexing;

/**
 * Some documents of a bulk request were refused for a reason that passes (HTTP 429, 5xx, shard not ready) or that the
 * cluster must fix (a write block, a permission, a closed index; see {@link BulkItemOutcome}): the error policy
 * retries them with backoff and never dead-letters them.
 */
public class TransientIndexingException extends RuntimeException {

    public TransientIndexingException(String message) {
        super(message);
    }
}
