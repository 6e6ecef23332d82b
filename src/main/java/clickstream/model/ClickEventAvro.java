package clickstream.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * {@link ClickEvent}s in Avro single-object encoding ({@code event.format=avro}) with the schema
 * {@code src/main/avro/click-event.avsc}: {@code C3 01}, the schema's CRC-64-AVRO fingerprint (8 bytes, little
 * endian), then the record in Avro binary. Writing goes through Avro's {@link BinaryEncoder}; ClickEventAvroTest
 * reads what it writes back with Avro's own generic reader, against the schema file.
 *
 * <p>Reading ({@link #toJson}) turns a record straight into the event's JSON document, byte for byte what
 * {@link ClickEventJson#toBytes} gives for the same event (nulls and {@code is_bot=false} left out), so the indexer
 * validates and indexes it exactly like a JSON record. It reads the binary by hand instead of with Avro's decoder
 * because the bytes come from outside: every length is checked against the bytes left before anything is allocated
 * (Avro's decoder allocates a string of the length the record claims first), and nothing throws but
 * {@link AvroFormatException}.
 */
public final class ClickEventAvro {

    /** The schema, parsed from the classpath copy of src/main/avro/click-event.avsc. */
    public static final Schema SCHEMA = load();
    /** Its CRC-64-AVRO fingerprint, as the single-object header carries it. */
    public static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);
    /** The field names in the schema's order, which {@link #encode} and {@link #toJson} follow. */
    public static final List<String> FIELDS = List.of("event_id", "event_type", "user_id", "session_id", "timestamp",
            "device_type", "article_id", "category", "comment_text", "referrer", "user_agent", "is_bot");

    private static final int HEADER_BYTES = 10;
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;
    private static final JsonFactory JSON = new JsonFactory();

    private ClickEventAvro() {
    }

    /** The record value for {@code event}. */
    public static byte[] encode(ClickEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (FINGERPRINT >>> (8 * i)));
        }
        try {
            BinaryEncoder avro = EncoderFactory.get().directBinaryEncoder(out, null);
            avro.writeString(event.eventId());
            avro.writeString(event.eventType().value());
            avro.writeString(event.userId());
            avro.writeString(event.sessionId());
            avro.writeLong(Timestamps.parse(event.timestamp()).toEpochMilli());
            avro.writeString(event.deviceType().value());
            optional(avro, event.articleId());
            optional(avro, event.category() == null ? null : event.category().value());
            optional(avro, event.commentText());
            optional(avro, event.referrer());
            optional(avro, event.userAgent());
            avro.writeBoolean(event.bot());
            avro.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write event " + event.eventId(), e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void optional(BinaryEncoder avro, String value) throws IOException {
        if (value == null) {
            avro.writeIndex(0);
        } else {
            avro.writeIndex(1);
            avro.writeString(value);
        }
    }

    /**
     * The event's JSON document from a record value.
     *
     * @throws AvroFormatException when {@code value} is not single-object encoded with this schema's fingerprint, is cut
     *                             short, claims more bytes than it has, or has bytes left over
     */
    public static byte[] toJson(byte[] value) throws AvroFormatException {
        if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC_0 || value[1] != MAGIC_1) {
            throw new AvroFormatException("not Avro single-object encoding (no C3 01 header"
                    + (value != null && value.length > 0 && value[0] == '{' ? "; it looks like JSON: is event.format=json on the producer?" : "")
                    + ")");
        }
        long fingerprint = 0;
        for (int i = 0; i < 8; i++) {
            fingerprint |= (value[2 + i] & 0xFFL) << (8 * i);
        }
        if (fingerprint != FINGERPRINT) {
            throw new AvroFormatException(String.format("unknown schema fingerprint %016x (this indexer reads %016x, "
                    + "src/main/avro/click-event.avsc)", fingerprint, FINGERPRINT));
        }
        Reader in = new Reader(value, HEADER_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 160);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("event_id", in.string("event_id"));
            json.writeStringField("event_type", in.string("event_type"));
            json.writeStringField("user_id", in.string("user_id"));
            json.writeStringField("session_id", in.string("session_id"));
            json.writeStringField("timestamp", timestamp(in.zigzag("timestamp")));
            json.writeStringField("device_type", in.string("device_type"));
            for (String field : FIELDS.subList(6, 11)) {
                String text = in.optional(field);
                if (text != null) {
                    json.writeStringField(field, text);
                }
            }
            if (in.bool("is_bot")) {
                json.writeBooleanField("is_bot", true);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to a byte array does not fail
        }
        if (in.pos != value.length) {
            throw new AvroFormatException((value.length - in.pos) + " bytes after the end of the record");
        }
        return out.toByteArray();
    }

    private static String timestamp(long millis) throws AvroFormatException {
        try {
            return Timestamps.format(millis);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new AvroFormatException("timestamp " + millis + " ms is outside the years 0000-9999");
        }
    }

    /** Avro binary over a byte array, bounds-checked. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        long zigzag(String field) throws AvroFormatException {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= bytes.length) {
                    throw new AvroFormatException("record cut short in " + field);
                }
                byte b = bytes[pos++];
                raw |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new AvroFormatException("malformed variable-length number in " + field);
        }

        String string(String field) throws AvroFormatException {
            long length = zigzag(field);
            if (length < 0 || length > bytes.length - pos) {
                throw new AvroFormatException("string length " + length + " in " + field + " but only "
                        + (bytes.length - pos) + " bytes left");
            }
            String text = new String(bytes, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return text;
        }

        String optional(String field) throws AvroFormatException {
            long branch = zigzag(field);
            if (branch == 0) {
                return null;
            }
            if (branch != 1) {
                throw new AvroFormatException("union branch " + branch + " in " + field + " (0 = null, 1 = string)");
            }
            return string(field);
        }

        boolean bool(String field) throws AvroFormatException {
            if (pos >= bytes.length) {
                throw new AvroFormatException("record cut short in " + field);
            }
            byte b = bytes[pos++];
            if (b != 0 && b != 1) {
                throw new AvroFormatException("boolean byte " + b + " in " + field);
            }
            return b == 1;
        }
    }

    private static Schema load() {
        try (InputStream in = ClickEventAvro.class.getResourceAsStream("/avro/click-event.avsc")) {
            if (in == null) {
                throw new IllegalStateException("avro/click-event.avsc is not on the classpath (src/main/avro)");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
