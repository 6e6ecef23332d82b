package clickstream.indexing;

import clickstream.model.AvroFormatException;
import clickstream.model.ClickEventAvro;
import clickstream.model.EventFormat;

/**
 * Where an {@code event.format=avro} record enters the indexer: its value is decoded to the event's JSON document
 * ({@link ClickEventAvro#toJson}) and that is validated by the same {@link EventValidator}, with the same reasons, and
 * becomes the document; the dead letter still carries the original Avro bytes. A value that is not this schema's
 * single-object encoding is refused as {@link RejectReason#MALFORMED_AVRO} with what was wrong.
 */
final class AvroEventDecoder {

    private AvroEventDecoder() {
    }

    /** The record validator for {@code format}: {@code validator} itself for JSON, decode-then-validate for Avro. */
    static BulkRequestFactory.RecordValidator validator(EventFormat format, EventValidator validator) {
        if (format == EventFormat.JSON) {
            return validator::validate;
        }
        return (value, nowMillis) -> validator.validate(json(value), nowMillis);
    }

    /** The JSON document of an Avro record value. */
    static byte[] json(byte[] value) throws InvalidEventException {
        try {
            return ClickEventAvro.toJson(value);
        } catch (AvroFormatException e) {
            throw new InvalidEventException(RejectReason.MALFORMED_AVRO, e.getMessage());
        }
    }
}
