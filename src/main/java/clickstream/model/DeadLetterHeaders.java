package clickstream.model;

import clickstream.indexing.RejectReason;
import clickstream.indexing.DeadLetterPublisher;

/**
 * Names of the Kafka record headers on a dead-lettered record (all values are UTF-8 strings, readable with kcat -J).
 * The record's value and key are the original bytes, unchanged, unless {@link #VALUE_TRUNCATED} says otherwise; the
 * source record's own headers come along as they were (except {@code dlq.*} and the ones camel-kafka keeps to
 * itself, {@code kafka.*} and {@code Camel*}), and the dead letter's record timestamp is the source record's.
 */
public final class DeadLetterHeaders {

    /** Short reason code, one of {@link RejectReason}: malformed_json, invalid_event, out_of_range, too_large, mapping_rejected, index_rejected. */
    public static final String REASON = "dlq.reason";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String ERROR_MESSAGE = "dlq.error.message";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    /** The source record's timestamp, ISO-8601 UTC (also the dead letter's own record timestamp). */
    public static final String SOURCE_TIMESTAMP = "dlq.source.timestamp";
    /** When it was dead-lettered, ISO-8601 UTC. */
    public static final String FAILED_AT = "dlq.failed.at";
    /** Bulk attempts made for the record before it was refused for good (0: refused by validation). */
    public static final String ATTEMPTS = "dlq.attempts";
    /**
     * "true" when the value is only the first bytes of the original (DeadLetterPublisher.TRUNCATED_VALUE_BYTES): the
     * record was too large for the dead-letter producer; the original is in the source topic (dlq.source.*).
     */
    public static final String VALUE_TRUNCATED = "dlq.value-truncated";
    /** With {@link #VALUE_TRUNCATED}: the original value's size in bytes. */
    public static final String VALUE_SIZE = "dlq.value-size";
    /** With {@link #VALUE_TRUNCATED}: SHA-256 of the original value, lower-case hex. */
    public static final String VALUE_SHA256 = "dlq.value-sha256";
    /**
     * "true" when even the truncated copy was too large and the source record's own headers were left out (only the
     * dlq.* headers, the key and the truncated value are written); the original is in the source topic (dlq.source.*).
     */
    public static final String HEADERS_DROPPED = "dlq.headers-dropped";
    /** "true" when, after that, the key too was cut to its first DeadLetterPublisher.TRUNCATED_VALUE_BYTES bytes. */
    public static final String KEY_TRUNCATED = "dlq.key-truncated";
    /** With {@link #KEY_TRUNCATED}: the original key's size in bytes. */
    public static final String KEY_SIZE = "dlq.key-size";
    /** Every header this class names starts with it; a source record's own {@code dlq.*} headers are not copied. */
    public static final String PREFIX = "dlq.";

    private DeadLetterHeaders() {
    }
}
