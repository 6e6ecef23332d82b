package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.DeadLetterHeaders;
import clickstream.indexing.InvalidEventException;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.EventType;

/**
 * Edge records in a running pipeline: timestamps past what java.time can name (they used to throw out of the
 * validator, failing their batch, which was re-polled forever), dates outside the bounds, duplicate keys, a NUL
 * escape, an unknown category on a login, nesting deeper than the parser allows. The consumer group's lag returns to
 * zero, each edge record is in the dead-letter topic with its reason, every good record around them is indexed,
 * and no daily index exists for a day outside the bounds.
 */
class EdgeRecordsIT extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** An edge record and the reason it must be dead-lettered with (null: it is valid and must be indexed). */
    private record Edge(String name, byte[] value, String reason, String messageHint) {
    }

    @Test
    void edgeRecordsAreDeadLetteredWithTheirReasonAndTheLagReturnsToZero() throws Exception {
        TestNames names = names("edge-records");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("indexer.max-poll-records", "5"); // edge and good records share batches

        Instant now = Instant.now();
        List<ClickEvent> good = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(13), Clock.systemUTC()).next(45);
        List<Edge> edges = edges(now);
        // edge record i follows good events 3i .. 3i+2 with the key of the one before it: same partition, same batches
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            records.add(new AbstractMap.SimpleEntry<>(good.get(i).userId(), ClickEventJson.toBytes(good.get(i))));
            int e = i / 3;
            if (i % 3 == 2 && e < edges.size()) {
                records.add(new AbstractMap.SimpleEntry<>(good.get(i).userId(), edges.get(e).value()));
            }
        }
        assertThat(records).hasSize(good.size() + edges.size());

        try (RunningApp app = startApp(props)) {
            kafka.produce(names.topic(), records);
            long end = kafka.endOffsets(names.topic());
            assertThat(end).isEqualTo(records.size());

            // lag zero: the commit comes after indexing and dead-lettering, so every record is settled
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == end);

            List<Edge> refused = edges.stream().filter(e -> e.reason() != null).toList();
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(names.dlqTopic(), refused.size(), Duration.ofSeconds(30));
            assertThat(dead).hasSize(refused.size());
            for (Edge edge : refused) {
                List<ConsumerRecord<String, byte[]>> copies = dead.stream()
                        .filter(r -> Arrays.equals(r.value(), edge.value())).toList();
                assertThat(copies).as(edge.name()).hasSize(1);
                ConsumerRecord<String, byte[]> copy = copies.get(0);
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.REASON)).as(edge.name()).isEqualTo(edge.reason());
                // refused by the validator itself, not by the step's safety net for validator bugs
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.ERROR_CLASS)).as(edge.name())
                        .isEqualTo(InvalidEventException.class.getName());
                assertThat(KafkaTestClient.requiredHeader(copy, DeadLetterHeaders.ERROR_MESSAGE)).as(edge.name()).contains(edge.messageHint());
            }

            // every good event and the in-bounds edge events are searchable (count refreshes the indices first)
            Set<String> indexed = good.stream().map(ClickEvent::eventId).collect(Collectors.toCollection(HashSet::new));
            for (Edge edge : edges) {
                if (edge.reason() == null) {
                    indexed.add(JSON.readTree(edge.value()).path("event_id").asText());
                }
            }
            assertThat(search.count(names.indexPattern())).isEqualTo(indexed.size());
            assertThat(search.ids(names.indexPattern())).isEqualTo(indexed);

            // and only days within the bounds have an index
            LocalDate earliest = LocalDate.ofInstant(now.minus(Duration.ofDays(30)), ZoneOffset.UTC);
            LocalDate latest = LocalDate.ofInstant(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
            JsonNode indices = search.get("/_cat/indices/" + names.indexPattern() + "?format=json&h=index");
            assertThat(indices).isNotEmpty();
            for (JsonNode index : indices) {
                String day = index.path("index").asText().substring(names.indexPrefix().length() + 1);
                assertThat(day).matches("\\d{4}\\.\\d{2}\\.\\d{2}");
                assertThat(LocalDate.parse(day.replace('.', '-'))).isBetween(earliest, latest);
            }
        }
    }

    /** One of each edge; events from another seed, so no id collides with a good one. */
    private static List<Edge> edges(Instant now) throws Exception {
        List<ClickEvent> bases = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(97), Clock.systemUTC()).next(500);
        ClickEvent[] views = bases.stream().filter(e -> e.eventType() == EventType.VIEW).limit(12).toArray(ClickEvent[]::new);
        ClickEvent comment = bases.stream().filter(e -> e.eventType() == EventType.COMMENT).findFirst().orElseThrow();
        ClickEvent login = bases.stream().filter(e -> e.eventType() == EventType.LOGIN).findFirst().orElseThrow();
        List<Edge> edges = new ArrayList<>();
        int v = 0;
        for (String timestamp : List.of("+999999999-12-31T23:59:59-01:00", "+1000000000-01-01T00:00:00Z",
                "-1000000000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z", "+10000-01-01T00:00:00Z",
                "2001-01-01T00:00:00.000Z", CANONICAL.format(now.plus(Duration.ofHours(2))))) {
            edges.add(new Edge("timestamp " + timestamp, edit(views[v++], n -> n.put("timestamp", timestamp)),
                    "out_of_range", timestamp));
        }
        // within the bounds: a late event 29 days back and one from a clock 30 minutes ahead are indexed
        String late = CANONICAL.format(now.minus(Duration.ofDays(29)));
        edges.add(new Edge("late", edit(views[v++], n -> n.put("timestamp", late)), null, null));
        String ahead = CANONICAL.format(now.plus(Duration.ofMinutes(30)));
        edges.add(new Edge("ahead", edit(views[v++], n -> n.put("timestamp", ahead)), null, null));

        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(ClickEventJson.toBytes(views[v++])));
        String twice = pretty.substring(0, pretty.lastIndexOf('}')) + ",\n  \"category\" : \"tech\"\n}";
        edges.add(new Edge("duplicate key", twice.getBytes(StandardCharsets.UTF_8), "malformed_json", "duplicate field"));
        edges.add(new Edge("NUL escape", edit(comment, n -> n.put("comment_text", "a\0b")), "invalid_event", "NUL"));
        edges.add(new Edge("category on a login", edit(login, n -> n.put("category", "<img src=x onerror=alert(1)>")),
                "invalid_event", "category"));
        String json = ClickEventJson.toJson(views[v++]);
        String deep = json.substring(0, json.length() - 1) + ",\"nested\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
        edges.add(new Edge("deep nesting", deep.getBytes(StandardCharsets.UTF_8), "malformed_json", "not valid JSON"));
        return edges;
    }
}
