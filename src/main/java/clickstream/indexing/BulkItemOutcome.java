package clickstream.indexing;

import java.util.Locale;
import java.util.Set;

import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.OperationType;

/**
 * What became of one document of a bulk request, read from its response item: the one place a per-item status and
 * error are interpreted ({@link BulkResultHandler} acts on it). Only an allow-list of errors about the document
 * itself is dead-lettered; a refusal caused by the cluster, or not known to be the document's fault, is retried:
 * dead-lettering good events because of a write block or a missing permission would lose them to a manual replay.
 */
public enum BulkItemOutcome {

    INDEXED("indexed (2xx)"),
    DUPLICATE("already indexed: a create found the event_id there (409), i.e. a redelivery; the document is not overwritten"),
    RETRY_CLUSTER("refused because of the cluster, not the document (write block, disk watermark, permissions, closed or "
            + "missing index, shard limit, missing ingest pipeline, or a refusal not known to be about the document): "
            + "retried with backoff, readiness DOWN until it passes"),
    RETRY_TRANSIENT("refused for now (429, 408, 5xx): retried with backoff"),
    REJECT_DOCUMENT("refused because of the document itself (mapping, parsing, a field OpenSearch cannot take): "
            + "dead-lettered");

    /** Errors about the document: sending it again can never succeed. */
    static final Set<String> DOCUMENT_ERRORS = Set.of("mapper_parsing_exception", "strict_dynamic_mapping_exception",
            "document_parsing_exception", "illegal_argument_exception", "parse_exception", "json_parse_exception",
            "x_content_parse_exception", "mapper_exception");

    /** Errors about the cluster or the index, whatever the document. */
    static final Set<String> CLUSTER_ERRORS = Set.of("cluster_block_exception", "security_exception",
            "index_closed_exception", "index_not_found_exception", "validation_exception");

    private final String description;

    BulkItemOutcome(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * The dead-letter reason of a document refused for good: every error on {@link #DOCUMENT_ERRORS} is about how a
     * field maps or parses, so the one reason is {@code mapping_rejected} (kept here, next to the list, so the two
     * cannot disagree).
     */
    public RejectReason rejectReason() {
        if (this != REJECT_DOCUMENT) {
            throw new IllegalStateException(this + " is not dead-lettered");
        }
        return RejectReason.MAPPING_REJECTED;
    }

    public boolean retried() {
        return this == RETRY_CLUSTER || this == RETRY_TRANSIENT;
    }

    /** The outcome of one response item: by status first (2xx is success, whatever else it says), then by error. */
    public static BulkItemOutcome of(BulkResponseItem item) {
        int status = item.status();
        if (status >= 200 && status < 300) {
            return INDEXED;
        }
        // only a create means "the id is taken" by a 409; for other operations it would mean "not written"
        if (status == 409 && item.operationType() == OperationType.Create) {
            return DUPLICATE;
        }
        ErrorCause error = item.error();
        String type = error == null ? "" : lower(error.type());
        if (CLUSTER_ERRORS.contains(type) || isClusterIllegalArgument(type, error == null ? "" : lower(error.reason()))) {
            return RETRY_CLUSTER;
        }
        if (status == 429 || status == 408 || status >= 500) {
            return RETRY_TRANSIENT;
        }
        if (status == 401 || status == 403 || status == 404) {
            return RETRY_CLUSTER;
        }
        if (DOCUMENT_ERRORS.contains(type)) {
            return REJECT_DOCUMENT;
        }
        return RETRY_CLUSTER;
    }

    /** The outcome of a whole request that failed with this HTTP status (no items to read). */
    public static BulkItemOutcome ofRequestStatus(int status) {
        if (status == 429 || status == 408 || status >= 500) {
            return RETRY_TRANSIENT;
        }
        return RETRY_CLUSTER;
    }

    /** illegal_argument_exception is usually about a field, but some are about the cluster's set-up. */
    private static boolean isClusterIllegalArgument(String type, String reason) {
        return "illegal_argument_exception".equals(type)
                && ((reason.contains("pipeline with id") && reason.contains("does not exist"))
                        || reason.contains("no write index is defined"));
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
