package clickstream.indexing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.opensearch.client.opensearch.core.bulk.IndexOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Turns a Kafka batch ({@code List<Exchange>}, one per record) into bulk index operations: document id = event_id so a
 * redelivered record overwrites its document instead of duplicating it, index = the daily index of the event's
 * timestamp. Records that fail validation are set aside on the {@link IndexBatch} for the dead-letter topic.
 */
public final class BulkRequestFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BulkRequestFactory.class);

    private final RecordValidator validator;
    private final LongSupplier clock;
    private final IndexNames indexNames;

    public BulkRequestFactory(EventValidator validator, IndexNames indexNames) {
        this(validator::validate, validator::nowMillis, indexNames);
    }

    /** {@code validator} judges one record at {@code clock}'s epoch millis, read once per batch. */
    BulkRequestFactory(RecordValidator validator, LongSupplier clock, IndexNames indexNames) {
        this.validator = validator;
        this.clock = clock;
        this.indexNames = indexNames;
    }

    /** {@link EventValidator#validate(byte[], long)}; a test stands in a failing one. */
    @FunctionalInterface
    interface RecordValidator {
        ValidEvent validate(byte[] json, long nowMillis) throws InvalidEventException;
    }

    /** Route step: reads the batch, leaves the operations in the body and the batch in {@link IndexBatch#PROPERTY}. */
    @SuppressWarnings("unchecked")
    public void toOperations(Exchange exchange) {
        List<Exchange> records = exchange.getMessage().getBody(List.class);
        IndexBatch batch = new IndexBatch(records == null ? List.of() : records);
        long now = clock.getAsLong();
        for (Exchange record : batch.records()) {
            try {
                batch.accept(record, validator.validate(bytes(record.getMessage().getBody()), now));
            } catch (InvalidEventException e) {
                batch.reject(record, e.reason(), e.getClass().getName(), e.getMessage());
            } catch (RuntimeException e) {
                // a validator bug costs this one record, not its batch: a failed step re-polls the same batch forever
                LOG.warn("Validating a record failed unexpectedly; it is dead-lettered as {}", RejectReason.INVALID_EVENT.code(), e);
                batch.reject(record, RejectReason.INVALID_EVENT, e.getClass().getName(), "validation failed: " + e);
            }
        }
        exchange.setProperty(IndexBatch.PROPERTY, batch);
        exchange.getMessage().setBody(operations(batch));
    }

    /**
     * Route step, first of each bulk attempt: body = the operations still pending. The batch (an exchange property)
     * decides, not the incoming body: a redelivery restores the message as it was before the failed step, so a body
     * narrowed during the failed attempt would be lost and every document re-sent.
     */
    public void pendingOperations(Exchange exchange) {
        exchange.getMessage().setBody(operations(IndexBatch.of(exchange)));
    }

    /** The bulk operations for what is still pending (all accepted records at first, the retried ones later). */
    public List<IndexOperation<RawValue>> operations(IndexBatch batch) {
        List<IndexOperation<RawValue>> operations = new ArrayList<>(batch.pending().size());
        for (IndexBatch.Pending pending : batch.pending()) {
            ValidEvent event = pending.event();
            operations.add(IndexOperation.of(op -> op
                    .index(indexNames.forDate(event.utcDate()))
                    .id(event.eventId())
                    .document(RawJson.document(event))));
        }
        return operations;
    }

    /** Record values are consumed as bytes so the dead-letter copy is byte-for-byte the original. */
    private static byte[] bytes(Object body) throws InvalidEventException {
        if (body == null) {
            throw new InvalidEventException(RejectReason.MALFORMED_JSON, "record has no value (tombstone)");
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new InvalidEventException(RejectReason.MALFORMED_JSON, "record value is " + body.getClass().getName());
    }
}
