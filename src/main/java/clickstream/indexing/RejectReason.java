package clickstream.indexing;

/** Why a record can never be indexed; the short code travels in the dead-letter header {@code clickstream_reason}. */
public enum RejectReason {
    /** Not parseable as a JSON object. */
    MALFORMED_JSON("malformed_json"),
    /** Valid JSON, but a required field is missing, has the wrong type or an unknown value. */
    INVALID_EVENT("invalid_event"),
    /** Larger than {@code indexer.max-event-bytes}. */
    TOO_LARGE("too_large"),
    /**
     * Valid, but its timestamp is older than {@code indexer.max-event-age} or further ahead than
     * {@code indexer.max-clock-skew} of the indexer's clock when it was validated (each day is an index).
     */
    OUT_OF_RANGE("out_of_range"),
    /** OpenSearch refused the document's fields (strict mapping, wrong type for a mapped field). */
    MAPPING_REJECTED("mapping_rejected"),
    /** OpenSearch refused the document for another non-retryable reason (4xx). */
    INDEX_REJECTED("index_rejected"),
    /** {@code event.format=avro}: not a ClickEvent in Avro single-object encoding of this schema (AvroEventDecoder). */
    MALFORMED_AVRO("malformed_avro");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
