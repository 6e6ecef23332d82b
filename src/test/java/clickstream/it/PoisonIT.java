package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.config.Settings;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.DeadLetterHeaders;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.EventType;
import clickstream.reconcile.Reconciler;
import clickstream.reconcile.Reconciliation;

/**
 * Bad records in the middle of good ones, in small batches: each bad one ends up in the dead-letter topic with the
 * right reason and its original key and bytes, every good one around it is indexed, and the books balance.
 */
class PoisonIT extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENT_BYTES = 4096;

    /** A bad record, the reason it must be dead-lettered with, and a word its error message must contain. */
    private record Poison(String name, byte[] value, String reason, String messageHint) {
    }

    @Test
    void deadLettersEachBadRecordAndIndexesEveryGoodOneAroundIt() throws Exception {
        TestNames names = names("poison");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        // small batches, so bad and good records share bulk requests
        props.put("indexer.max-poll-records", "5");
        props.put("indexer.max-event-bytes", Integer.toString(MAX_EVENT_BYTES));

        List<ClickEvent> good = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(11), Clock.systemUTC()).next(60);
        List<Poison> poisons = poisons();
        // bad record i follows good events 6i .. 6i+5, with the key of the event before it: same partition, so it
        // sits between good records in the batches
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (int i = 0; i < good.size(); i++) {
            records.add(new AbstractMap.SimpleEntry<>(good.get(i).userId(), ClickEventJson.toBytes(good.get(i))));
            int p = i / 6;
            if (i % 6 == 5 && p < poisons.size()) {
                records.add(new AbstractMap.SimpleEntry<>(good.get(i).userId(), poisons.get(p).value()));
                keyOf.put(poisons.get(p).name(), good.get(i).userId());
            }
        }
        assertThat(keyOf).hasSize(poisons.size());

        Instant start = Instant.now();
        try (RunningApp app = startApp(props)) {
            kafka.produce(names.topic(), records);
            assertThat(kafka.endOffsets(names.topic())).isEqualTo(records.size());

            // the commit comes after indexing and dead-lettering: once it reaches the end, every record is settled
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == records.size());

            List<ConsumerRecord<String, byte[]>> sourceRecords = kafka.readAll(names.topic(), records.size(), Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(names.dlqTopic(), poisons.size(), Duration.ofSeconds(30));
            assertThat(dead).hasSize(poisons.size());
            assertThat(kafka.endOffsets(names.dlqTopic())).isEqualTo(poisons.size());

            for (Poison poison : poisons) {
                ConsumerRecord<String, byte[]> source = sourceRecords.stream()
                        .filter(r -> Arrays.equals(r.value(), poison.value())).findFirst().orElseThrow();
                List<ConsumerRecord<String, byte[]>> copies = dead.stream()
                        .filter(r -> Arrays.equals(r.value(), poison.value())).toList();
                assertThat(copies).as(poison.name()).hasSize(1);
                ConsumerRecord<String, byte[]> copy = copies.get(0);
                assertThat(copy.key()).as(poison.name()).isEqualTo(keyOf.get(poison.name()));
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.REASON)).as(poison.name()).isEqualTo(poison.reason());
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(names.topic());
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.SOURCE_PARTITION)).as(poison.name())
                        .isEqualTo(Integer.toString(source.partition()));
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.SOURCE_OFFSET)).as(poison.name())
                        .isEqualTo(Long.toString(source.offset()));
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.ERROR_CLASS)).as(poison.name()).isNotBlank();
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.ERROR_MESSAGE)).as(poison.name()).contains(poison.messageHint());
                assertThat(Instant.parse(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.FAILED_AT))).as(poison.name())
                        .isBetween(start, Instant.now());
                int attempts = Integer.parseInt(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.ATTEMPTS));
                if (poison.reason().equals("mapping_rejected")) {
                    assertThat(attempts).as("refused by OpenSearch after a bulk attempt").isGreaterThanOrEqualTo(1);
                } else {
                    assertThat(attempts).as(poison.name() + " is refused by validation").isZero();
                }
            }

            // every good event is searchable, exactly once, and nothing else is (count refreshes the indices first)
            Set<String> goodIds = good.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
            assertThat(search.count(names.indexPattern())).isEqualTo(goodIds.size());
            assertThat(search.ids(names.indexPattern())).isEqualTo(goodIds);

            // produced = indexed + dead-lettered, no duplicates
            try (Reconciler reconciler = Reconciler.create(app.context())) {
                Reconciliation books = reconciler.reconcile(Reconciler.Scope.of(Settings.of(app.context())), OptionalLong.of(0));
                assertThat(books.produced()).isEqualTo(records.size());
                assertThat(books.indexed()).isEqualTo(good.size());
                assertThat(books.deadLettered()).isEqualTo(poisons.size());
                assertThat(books.deadLetterRecords()).isEqualTo(poisons.size());
                assertThat(books.notYetConsumed()).isZero();
                assertThat(books.difference()).isZero();
                assertThat(books.balanced()).isTrue();
            }
        }
    }

    /** One of each kind of bad input; events from another seed, so no id collides with a good one. */
    private static List<Poison> poisons() throws Exception {
        List<ClickEvent> bases = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(99), Clock.systemUTC()).next(500);
        ClickEvent view = bases.stream().filter(e -> e.eventType() == EventType.VIEW).findFirst().orElseThrow();
        ClickEvent comment = bases.stream().filter(e -> e.eventType() == EventType.COMMENT).findFirst().orElseThrow();
        List<Poison> poisons = new ArrayList<>();
        byte[] viewJson = ClickEventJson.toBytes(view);
        poisons.add(new Poison("malformed", Arrays.copyOf(viewJson, viewJson.length / 2), "malformed_json", "not valid JSON"));
        poisons.add(new Poison("array", ("[" + ClickEventJson.toJson(view) + "]").getBytes(StandardCharsets.UTF_8),
                "malformed_json", "not a JSON object"));
        poisons.add(new Poison("not-utf8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "malformed_json", "UTF-8"));
        poisons.add(new Poison("empty", new byte[0], "malformed_json", "empty"));
        poisons.add(new Poison("missing-field", edit(view, n -> n.remove("session_id")), "invalid_event", "session_id"));
        poisons.add(new Poison("wrong-type", edit(view, n -> n.put("user_id", 42)), "invalid_event", "user_id"));
        poisons.add(new Poison("unknown-type", edit(view, n -> n.put("event_type", "purchase")), "invalid_event", "purchase"));
        // otherwise valid: 2,000 two-byte characters is the longest comment allowed, but over the byte limit
        poisons.add(new Poison("oversize", edit(comment, n -> n.put("comment_text", "é".repeat(2000))), "too_large",
                "indexer.max-event-bytes"));
        // passes validation; the strict mapping refuses the unknown field inside the bulk request
        poisons.add(new Poison("extra-field", edit(view, n -> n.put("utm_source", "newsletter")), "mapping_rejected",
                "utm_source"));
        for (Poison poison : poisons) {
            if (poison.name().equals("oversize")) {
                assertThat(poison.value().length).isGreaterThan(MAX_EVENT_BYTES);
            } else {
                assertThat(poison.value().length).isLessThan(MAX_EVENT_BYTES);
            }
        }
        return poisons;
    }
}
