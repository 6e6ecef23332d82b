package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.DeadLetterHeaders;
import clickstream.indexing.DeadLetterPublisher;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * Records the dead-letter producer cannot write whole, against a real broker: one larger than its max.request.size
 * (a producer with a larger limit and compression wrote it to the source topic), one the dead-letter topic's
 * max.message.bytes refuses. Both end up in the dead-letter topic truncated, with the original's size and hash, and
 * the indexer moves on instead of retrying them forever.
 */
class DeadLetterSizeIT extends PipelineTestSupport {

    @Test
    void recordsTooLargeForTheDeadLetterTopicAreWrittenTruncatedAndTheBatchIsCommitted() throws Exception {
        TestNames names = names("dlq-size");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        // the dead-letter topic takes at most 200,000 bytes a record batch: the broker refuses the 300 kB record
        kafka.createTopic(names.dlqTopic(), 1, Map.of("max.message.bytes", "200000"));
        kafka.awaitWritable(names.topic());

        byte[] threeMegabytes = pad(3 * 1024 * 1024);
        byte[] threeHundredKilobytes = pad(300_000);
        List<ClickEvent> good = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(5), Clock.systemUTC()).next(4);
        String key = "one-partition";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(names.topic(), key, ClickEventJson.toBytes(good.get(0))));
        records.add(new ProducerRecord<>(names.topic(), key, threeMegabytes));
        records.add(new ProducerRecord<>(names.topic(), key, ClickEventJson.toBytes(good.get(1))));
        records.add(new ProducerRecord<>(names.topic(), key, threeHundredKilobytes));
        records.add(new ProducerRecord<>(names.topic(), key, ClickEventJson.toBytes(good.get(2))));
        records.add(new ProducerRecord<>(names.topic(), key, ClickEventJson.toBytes(good.get(3))));
        produceWithLargeLimit(records);

        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == records.size());

            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(names.dlqTopic(), 2, Duration.ofSeconds(30));
            assertThat(dead).hasSize(2);
            assertThat(kafka.endOffsets(names.dlqTopic())).as("each written once").isEqualTo(2);
            for (byte[] original : List.of(threeMegabytes, threeHundredKilobytes)) {
                ConsumerRecord<String, byte[]> copy = dead.stream()
                        .filter(r -> KafkaTestClient.requiredHeader(r, DeadLetterHeaders.VALUE_SIZE).equals(Integer.toString(original.length)))
                        .findFirst().orElseThrow();
                assertThat(copy.value()).isEqualTo(Arrays.copyOf(original, DeadLetterPublisher.TRUNCATED_VALUE_BYTES));
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.VALUE_TRUNCATED)).isEqualTo("true");
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.VALUE_SHA256)).isEqualTo(
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.REASON)).isEqualTo("too_large");
                assertThat(copy.key()).isEqualTo(key);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(search.count(names.indexPattern())).isEqualTo(4));
        }
    }

    /** As a producer with max.request.size 5 MiB and lz4 writes it: 3 MiB of padding fits the broker compressed. */
    private void produceWithLargeLimit(List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SHARED.brokers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(5 * 1024 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    private static byte[] pad(int size) {
        byte[] value = ("{\"pad\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
        return value;
    }

}
