package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventAvro;
import clickstream.model.ClickEventJson;
import clickstream.model.Timestamps;

/**
 * {@code event.format=avro} end to end: the generator writes Avro records, the indexer turns each into the JSON
 * document the JSON format would have indexed for the same event (checked against Avro's own reader of the records on
 * the topic), and a JSON record on the Avro topic is dead-lettered as {@code malformed_avro}, with its bytes.
 */
class AvroPipelineIT extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 1_500;

    @Test
    void avroRecordsBecomeTheSameJsonDocumentsAndJsonRecordsAreDeadLettered() throws Exception {
        TestNames names = names("avro");
        Map<String, String> props = properties(names);
        props.put("event.format", "avro");
        props.put("generator.rate", "1000");
        ClickEvent stray = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(17), Clock.systemUTC()).next(1).get(0);
        byte[] strayJson = ClickEventJson.toBytes(stray);

        try (RunningApp app = startApp(props)) {
            kafka.produce(names.topic(), List.of(Map.entry(stray.userId(), strayJson)));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= EVENTS);
            await().atMost(Duration.ofMinutes(1)).until(() -> app.metrics().deadLettered() >= 1);
            assertThat(app.metrics().deadLettered()).as("only the JSON record").isEqualTo(1);
        }

        List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(names.dlqTopic(), 1, Duration.ofMinutes(1));
        assertThat(dead).singleElement().satisfies(record -> {
            assertThat(KafkaTestClient.requiredHeader(record, "dlq.reason")).isEqualTo("malformed_avro");
            assertThat(KafkaTestClient.requiredHeader(record, "dlq.error.message")).contains("looks like JSON");
            assertThat(record.value()).isEqualTo(strayJson);
        });

        // what the JSON format gives for each event on the topic, read with Avro's own decoder, by event_id
        BinaryMessageDecoder<GenericRecord> avro = new BinaryMessageDecoder<>(GenericData.get(), ClickEventAvro.SCHEMA);
        Map<String, JsonNode> expected = new HashMap<>();
        long records = kafka.endOffsets(names.topic());
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(names.topic(), (int) records, Duration.ofMinutes(1))) {
            if (record.value()[0] == '{') {
                continue; // the stray JSON record
            }
            ClickEvent event = eventOf(avro.decode(record.value()));
            expected.put(event.eventId(), JSON.readTree(ClickEventJson.toBytes(event)));
        }
        JsonNode hits = search.post("/" + names.indexPattern() + "/_search",
                "{\"size\":10000,\"query\":{\"match_all\":{}}}").path("hits").path("hits");
        assertThat(hits.size()).isGreaterThanOrEqualTo(EVENTS);
        for (JsonNode hit : hits) {
            JsonNode source = hit.path("_source");
            assertThat(source).as(hit.path("_id").asText()).isEqualTo(expected.get(hit.path("_id").asText()));
            assertThat(source.fieldNames()).toIterable().containsExactlyElementsOf(() -> expected.get(hit.path("_id").asText()).fieldNames());
        }
    }

    /** The event a record of the schema holds, through the JSON reader as a JSON record would go. */
    private static ClickEvent eventOf(GenericRecord record) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        for (String field : ClickEventAvro.FIELDS) {
            Object value = record.get(field);
            if (field.equals("timestamp")) {
                node.put(field, Timestamps.format((Long) value));
            } else if (field.equals("is_bot")) {
                if (Boolean.TRUE.equals(value)) {
                    node.put(field, true);
                }
            } else if (value != null) {
                node.put(field, value.toString());
            }
        }
        return ClickEventJson.fromJson(JSON.writeValueAsBytes(node));
    }
}
