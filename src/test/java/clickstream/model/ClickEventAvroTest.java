package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;

/**
 * {@link ClickEventAvro} against Avro's own reader and writer and the schema file: what it writes Avro reads as the
 * same event, and what it reads back is byte for byte the JSON the JSON format writes.
 */
class ClickEventAvroTest {

    private static final List<ClickEvent> EVENTS = new ClickstreamGenerator(GeneratorSettings.defaults(),
            Clock.fixed(Instant.parse("2026-11-27T12:00:00.123Z"), ZoneOffset.UTC)).next(3_000);

    @Test
    void theSchemaIsTheFileInSrcMainAvroAndTheCodecFollowsItsFieldOrder() throws Exception {
        Schema file = new Schema.Parser().parse(Files.readString(Path.of("src/main/avro/click-event.avsc")));
        assertThat(ClickEventAvro.SCHEMA).isEqualTo(file);
        assertThat(file.getFields().stream().map(Schema.Field::name).toList()).isEqualTo(ClickEventAvro.FIELDS);
        try (InputStream in = ClickEventAvro.class.getResourceAsStream("/avro/click-event.avsc")) {
            assertThat(in).as("the schema on the classpath").isNotNull();
        }
    }

    @Test
    void avroReadsWhatItWritesAsTheSameEvent() throws Exception {
        BinaryMessageDecoder<GenericRecord> avro = new BinaryMessageDecoder<>(GenericData.get(), ClickEventAvro.SCHEMA);
        for (ClickEvent event : EVENTS) {
            GenericRecord record = avro.decode(ClickEventAvro.encode(event));
            assertThat(record.get("event_id").toString()).isEqualTo(event.eventId());
            assertThat(record.get("event_type").toString()).isEqualTo(event.eventType().value());
            assertThat(record.get("timestamp")).isEqualTo(event.instant().toEpochMilli());
            assertThat(String.valueOf(record.get("comment_text"))).isEqualTo(String.valueOf(event.commentText()));
            assertThat(String.valueOf(record.get("category")))
                    .isEqualTo(event.category() == null ? "null" : event.category().value());
            assertThat(record.get("is_bot")).isEqualTo(event.bot());
        }
    }

    @Test
    void readsBackTheJsonTheJsonFormatWrites() throws Exception {
        for (ClickEvent event : EVENTS) {
            assertThat(new String(ClickEventAvro.toJson(ClickEventAvro.encode(event)), "UTF-8"))
                    .isEqualTo(ClickEventJson.toJson(event));
        }
        ClickEvent bot = new ClickEvent("0f8fad5b-d9cb-469f-a165-70867728950e", EventType.VIEW, "user-1",
                "7c9e6679-7425-40de-944b-e07fc1f90ae7", "2026-11-26T05:31:02.000Z", DeviceType.DESKTOP, "tech-00003",
                Category.TECH, null, null, "Googlebot/2.1 \"quoted\" é", true);
        assertThat(ClickEventAvro.toJson(ClickEventAvro.encode(bot))).isEqualTo(ClickEventJson.toBytes(bot));
    }

    @Test
    void readsARecordAvrosOwnWriterMade() throws Exception {
        ClickEvent event = EVENTS.get(7);
        GenericRecord record = new GenericData.Record(ClickEventAvro.SCHEMA);
        record.put("event_id", event.eventId());
        record.put("event_type", event.eventType().value());
        record.put("user_id", event.userId());
        record.put("session_id", event.sessionId());
        record.put("timestamp", event.instant().toEpochMilli());
        record.put("device_type", event.deviceType().value());
        record.put("article_id", event.articleId());
        record.put("category", event.category() == null ? null : event.category().value());
        record.put("comment_text", event.commentText());
        record.put("referrer", event.referrer());
        record.put("user_agent", event.userAgent());
        record.put("is_bot", event.bot());
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), ClickEventAvro.SCHEMA).encode(record).array();
        assertThat(bytes).isEqualTo(ClickEventAvro.encode(event));
        assertThat(ClickEventAvro.toJson(bytes)).isEqualTo(ClickEventJson.toBytes(event));
    }

    @Test
    void refusesJsonAWrongFingerprintAndACutRecordSayingWhy() {
        byte[] avro = ClickEventAvro.encode(EVENTS.get(0));
        assertThatThrownBy(() -> ClickEventAvro.toJson(ClickEventJson.toBytes(EVENTS.get(0))))
                .isInstanceOf(AvroFormatException.class).hasMessageContaining("looks like JSON");
        byte[] otherSchema = avro.clone();
        otherSchema[5] ^= 1;
        assertThatThrownBy(() -> ClickEventAvro.toJson(otherSchema))
                .isInstanceOf(AvroFormatException.class).hasMessageContaining("unknown schema fingerprint");
        assertThatThrownBy(() -> ClickEventAvro.toJson(Arrays.copyOf(avro, avro.length - 1)))
                .isInstanceOf(AvroFormatException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> ClickEventAvro.toJson(Arrays.copyOf(avro, avro.length + 1)))
                .isInstanceOf(AvroFormatException.class).hasMessageContaining("after the end");
    }
}
