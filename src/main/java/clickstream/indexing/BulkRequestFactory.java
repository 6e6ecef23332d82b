package clickstream.indexing;

import clickstream.model.EventFormat;
import clickstream.model.IndexNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Turns a Kafka batch ({@code List<Exchange>}, one per record) into bulk create operations: document id = event_id and
 * op_type create, so a redelivered record is refused as already there (409) instead of overwriting or duplicating
 * its document, index = the daily index of the event's timestamp. Records that fail validation are set aside on the
 * {@link IndexBatch} for the dead-letter topic. The pending operations go out in requests of at most
 * {@link BulkLimits#maxBytes()} bytes.
 */
public final class BulkRequestFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BulkRequestFactory.class);

    private final RecordValidator validator;
    private final LongSupplier clock;

    /** The bytes of an action line besides the index name and id: {@code {"create":{"_index":"","_id":""}}\n}. */
    static final int ACTION_LINE_OVERHEAD = "{\"create\":{\"_index\":\"\",\"_id\":\"\"}}\n".length();
    private final IndexNames indexNames;
    private final BulkLimits limits;

    public BulkRequestFactory(EventValidator validator, IndexNames indexNames, BulkLimits limits) {
        this(validator::validate, validator::nowMillis, indexNames, limits);
    }

    /** Records in {@code format}: an Avro value is decoded to the event's JSON first ({@link AvroEventDecoder}). */
    public BulkRequestFactory(EventValidator validator, EventFormat format, IndexNames indexNames, BulkLimits limits) {
        this(AvroEventDecoder.validator(format, validator), validator::nowMillis, indexNames, limits);
    }

    /** {@code validator} judges one record at {@code clock}'s epoch millis, read once per batch. */
    BulkRequestFactory(RecordValidator validator, LongSupplier clock, IndexNames indexNames, BulkLimits limits) {
        this.validator = validator;
        this.clock = clock;
        this.indexNames = indexNames;
        this.limits = limits;
    }

    /** {@link EventValidator#validate(byte[], long)}; a test stands in a failing one. */
    @FunctionalInterface
    interface RecordValidator {
        ValidEvent validate(byte[] json, long nowMillis) throws InvalidEventException;
    }

    /**
     * Route step: reads the batch, leaves the accepted records ({@link IndexBatch#pending()}) in the body and the batch
     * in {@link IndexBatch#PROPERTY}; the bulk operations are built per request, by {@link #pendingOperations}.
     */
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
        exchange.getMessage().setBody(batch.pending());
    }

    /**
     * Route step, first of each bulk request: body = the next pending operations, as many as fit in
     * {@link BulkLimits#maxBytes()} (at least one: a larger document goes alone). The batch (an exchange property)
     * decides, not the incoming body: a redelivery restores the message as it was before the failed step, so a body
     * narrowed during the failed attempt would be lost and every document re-sent.
     */
    public void pendingOperations(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        List<IndexBatch.Pending> pending = batch.pending();
        int count = 0;
        long bytes = 0;
        long max = limits.maxBytes();
        while (count < pending.size()) {
            long size = bytes(pending.get(count).event());
            if (count > 0 && bytes + size > max) {
                break;
            }
            bytes += size;
            count++;
        }
        batch.sending(count, bytes);
        exchange.getMessage().setBody(operations(pending.subList(0, count)));
    }

    /** Loop condition of the bulk route: some records are neither indexed nor refused yet. */
    public boolean hasPending(Exchange exchange) {
        return IndexBatch.of(exchange).hasPending();
    }

    /** The bulk operations for what is still pending (all accepted records at first, the retried ones later). */
    public List<CreateOperation<RawValue>> operations(IndexBatch batch) {
        return operations(batch.pending());
    }

    private List<CreateOperation<RawValue>> operations(List<IndexBatch.Pending> pending) {
        List<CreateOperation<RawValue>> operations = new ArrayList<>(pending.size());
        for (IndexBatch.Pending one : pending) {
            ValidEvent event = one.event();
            operations.add(CreateOperation.of(op -> op
                    .index(indexNames.forDate(event.utcDate()))
                    .id(event.eventId())
                    .document(RawJson.document(event))));
        }
        return operations;
    }

    /** The bytes {@code event} adds to a bulk request body: its action line and its document line. */
    long bytes(ValidEvent event) {
        // index names and event ids are ASCII (IndexNames, EventValidator): one byte a char
        return ACTION_LINE_OVERHEAD + indexNames.forDate(event.utcDate()).length() + event.eventId().length()
                + event.document().length + 1;
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
