package clickstream.model;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON of {@link ClickEvent}s through one shared, thread-safe reader and writer.
 *
 * <p>Reading ignores unknown fields so consumers keep working when producers add fields later; a record that
 * breaks the {@link ClickEvent} invariants (missing ids, article fields on a login, ...) fails.
 */
public final class ClickEventJson {

    private static final ObjectMapper MAPPER = newObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writerFor(ClickEvent.class);
    private static final ObjectReader READER = MAPPER.readerFor(ClickEvent.class);

    private ClickEventJson() {
    }

    /**
     * A new mapper configured like the shared one (java.time support, ISO dates, unknown fields ignored), e.g. for
     * Camel's {@code JacksonDataFormat}. A new instance each call so nobody can reconfigure the shared one.
     */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static String toJson(ClickEvent event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.eventId(), e);
        }
    }

    /** UTF-8 JSON bytes, e.g. a Kafka record value. */
    public static byte[] toBytes(ClickEvent event) {
        try {
            return WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.eventId(), e);
        }
    }

    /**
     * Reads one event from UTF-8 JSON.
     *
     * @throws UncheckedIOException when the bytes are not JSON or not a valid event (the cause says why)
     */
    public static ClickEvent fromJson(byte[] json) {
        try {
            return READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid click event: " + e.getMessage(), e);
        }
    }

    /** Reads one event from a JSON string; see {@link #fromJson(byte[])}. */
    public static ClickEvent fromJson(String json) {
        try {
            return READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid click event: " + e.getMessage(), e);
        }
    }
}
