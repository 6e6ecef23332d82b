package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.indexing.IndexBatch;
import clickstream.model.ClickEvent;

/** Both routes against the real embedded broker and node. */
class PipelineIT extends PipelineTestSupport {

    @Test
    void indexesExactlyTheEventsProducedAndCommitsAfterwards() throws Exception {
        TestNames names = names("known-events");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        try (RunningApp app = startApp(props)) {
            List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(7), Clock.systemUTC()).next(3000);
            kafka.produceEvents(names.topic(), events);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= events.size());
            Set<String> expected = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
            assertThat(search.count(names.indexPattern())).isEqualTo(events.size());
            assertThat(search.ids(names.indexPattern())).isEqualTo(expected);

            // offsets are committed after indexing, per partition, up to the end of the topic
            assertThat(kafka.partitions(names.topic())).isEqualTo(6);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.committed(names.group(), names.topic()) == kafka.endOffsets(names.topic()));
            assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void generatorRouteFeedsTheIndexerWithRealisticSessions() throws Exception {
        TestNames names = names("generated");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "2000");
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= 6000);
            app.context().getRouteController().stopRoute("generator");
            long produced = app.metrics().produced();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> search.count(names.indexPattern()) == kafka.endOffsets(names.topic()));
            assertThat(kafka.endOffsets(names.topic())).isEqualTo(produced);

            JsonNode aggs = search.post("/" + names.indexPattern() + "/_search", """
                    {"size":0,"aggs":{
                      "types":{"terms":{"field":"event_type","size":20}},
                      "devices":{"terms":{"field":"device_type","size":20}},
                      "categories":{"terms":{"field":"category","size":20}},
                      "articles":{"terms":{"field":"article_id","size":10000}}}}""").path("aggregations");
            assertThat(keys(aggs.path("types"))).containsExactlyInAnyOrder("register", "login", "view", "like", "comment", "share", "logout");
            assertThat(keys(aggs.path("devices"))).containsExactlyInAnyOrder("desktop", "mobile", "tablet");
            assertThat(keys(aggs.path("categories"))).hasSizeGreaterThanOrEqualTo(6);

            // skew: the top 10 % of articles get well over 10 % of article events
            List<Long> perArticle = aggs.path("articles").path("buckets").findValues("doc_count").stream()
                    .map(JsonNode::asLong).sorted((a, b) -> Long.compare(b, a)).toList();
            long total = perArticle.stream().mapToLong(Long::longValue).sum();
            long top = perArticle.stream().limit(Math.max(1, perArticle.size() / 10)).mapToLong(Long::longValue).sum();
            assertThat((double) top / total).isGreaterThan(0.25);

            // every person's session's earliest event is its login (a first visit's: the register before it); a
            // crawler's is a view (docs/generator.md)
            JsonNode firstEvents = search.post("/" + names.indexPattern() + "/_search", """
                    {"size":0,"aggs":{"sessions":{"terms":{"field":"session_id","size":10000},
                      "aggs":{"first":{"top_hits":{"size":1,"sort":[{"timestamp":"asc"}],"_source":["event_type","is_bot"]}}}}}}""")
                    .path("aggregations").path("sessions").path("buckets");
            assertThat(firstEvents.size()).isGreaterThan(100);
            for (JsonNode session : firstEvents) {
                JsonNode first = session.path("first").path("hits").path("hits").get(0).path("_source");
                assertThat(first.path("event_type").asText()).as("first event of session %s", session.path("key").asText())
                        .isIn(first.path("is_bot").asBoolean(false) ? List.of("view") : List.of("login", "register"));
            }
        }
    }

    @Test
    void stoppingMidStreamLetsTheBatchInFlightFinishInsteadOfForcingTheRoutes() throws Exception {
        TestNames names = names("graceful-stop");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "2000");
        RunningApp app = startApp(props);
        CamelContext context = app.context();
        // a bulk request held at its send until the stop has begun: the stop then certainly lands with a batch in
        // flight (waiting for one to show up in the inflight repository would race with its completion)
        BulkHeldUntilStopping held = new BulkHeldUntilStopping(context, () -> app.metrics().indexed() >= 2000);
        context.getManagementStrategy().addEventNotifier(held);
        ServiceHelper.startService(held);
        try {
            assertThat(held.caught.await(2, TimeUnit.MINUTES)).as("a bulk request was caught in flight").isTrue();
        } finally {
            app.close();
        }
        assertThat(held.stopBeganWhileHeld).as("the stop began while the bulk request was in flight").isTrue();
        // a forced stop means a batch waited on a stopped bulk-index route (or OpenSearch client) until the timeout
        assertThat(context.getShutdownStrategy().hasTimeoutOccurred())
                .as("graceful shutdown ran into its timeout and forced the routes").isFalse();

        // the batch in flight finished: indexed and committed, each of its records below its partition's commit
        Map<Integer, Long> committed = kafka.committedByPartition(names.group(), names.topic());
        assertThat(held.records).isNotEmpty().allSatisfy(record -> assertThat(committed.getOrDefault(record.getKey(), 0L))
                .as("committed offset of partition %d", record.getKey()).isGreaterThan(record.getValue()));
        // and per partition, every record below the committed offset is indexed (a sum over partitions would let
        // one partition committed ahead hide behind another's indexed-but-uncommitted records)
        TopicLedger topic = TopicLedger.read(kafka, names.topic());
        assertThat(topic.committedButNotIndexed(committed, search.ids(names.indexPattern()), Set.of()))
                .as("records committed but not indexed").isEmpty();
    }

    /**
     * Holds the first bulk request sent to OpenSearch once {@code armed} holds, until the context is stopping (or a
     * minute passed), and notes which records that batch carries.
     */
    private static final class BulkHeldUntilStopping extends EventNotifierSupport {
        private final CamelContext context;
        private final BooleanSupplier armed;
        final CountDownLatch caught = new CountDownLatch(1);
        final List<Map.Entry<Integer, Long>> records = new CopyOnWriteArrayList<>();
        volatile boolean stopBeganWhileHeld;

        BulkHeldUntilStopping(CamelContext context, BooleanSupplier armed) {
            this.context = context;
            this.armed = armed;
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.ExchangeSendingEvent sending
                    && sending.getEndpoint().getEndpointUri().startsWith("opensearch");
        }

        @Override
        public void notify(CamelEvent event) {
            if (caught.getCount() == 0 || !armed.getAsBoolean()) {
                return;
            }
            Exchange exchange = ((CamelEvent.ExchangeSendingEvent) event).getExchange();
            for (Exchange record : IndexBatch.of(exchange).records()) {
                records.add(Map.entry(record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class),
                        record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class)));
            }
            caught.countDown();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> context.isStopping() || context.isStopped());
            stopBeganWhileHeld = context.isStopping();
        }
    }

    private static List<String> keys(JsonNode terms) {
        return terms.path("buckets").findValues("key").stream().map(JsonNode::asText).toList();
    }
}
