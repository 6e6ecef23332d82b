package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import com.fasterxml.jackson.databind.util.RawValue;

import clickstream.app.PipelineErrorHandling;
import clickstream.app.PipelineMetrics;
import clickstream.app.Settings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * The indexer as written in {@code routes/indexer.yaml}, with the app's error policy ({@link PipelineErrorHandling})
 * and properties, and no servers: the Kafka consumer is replaced by {@code direct:batch} (a batch shaped like
 * camel-kafka's), the OpenSearch call by a scripted bulk API, the dead-letter topic by {@code mock:dlq}. One timeline
 * records bulk calls, dead-letter sends and offset commits in the order they happen.
 */
@Timeout(60) // a guard against a retry loop that never ends, not a timing assertion
class IndexerRouteTest {

    private static final String TOPIC = "clickstream";
    private static final Instant AT = Instant.parse("2026-11-26T05:31:02.123Z");
    private static final byte[] MALFORMED = "{\"event_id\": \"0f8fad5b".getBytes(StandardCharsets.UTF_8);

    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final ScriptedBulkApi openSearch = new ScriptedBulkApi();
    private final AtomicInteger bulkIndexRuns = new AtomicInteger();
    private DefaultCamelContext context;
    private ProducerTemplate template;
    private MockEndpoint dlq;
    private PipelineMetrics metrics;
    private IndexerCondition condition;
    private BulkLimits limits;
    private final Properties overrides = new Properties();

    @BeforeEach
    void startIndexerRoutes() throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        overrides.put("retry.max-attempts", "5"); // bounded, so a broken policy fails the test instead of hanging it
        overrides.put("retry.initial-delay-ms", "10");
        overrides.put("retry.max-delay-ms", "40");
        context.getPropertiesComponent().setOverrideProperties(overrides);

        Settings settings = Settings.of(context);
        limits = new BulkLimits(settings.intValue(BulkLimits.MAX_BULK_BYTES_KEY, 1, Integer.MAX_VALUE),
                settings.intValue("indexer.consumers", 1, 1024));
        condition = new IndexerCondition(Clock.fixed(AT, ZoneOffset.UTC));
        BulkRequestFactory requests = new BulkRequestFactory(
                new EventValidator(settings.intValue(EventValidator.MAX_EVENT_BYTES_KEY, 256, Integer.MAX_VALUE),
                        settings.duration(EventValidator.MAX_EVENT_AGE_KEY, Duration.ZERO, Duration.ofDays(36_500)),
                        settings.duration(EventValidator.MAX_CLOCK_SKEW_KEY, Duration.ZERO, Duration.ofDays(36_500)),
                        Clock.fixed(AT, ZoneOffset.UTC)),
                new IndexNames(settings.required("opensearch.index-prefix")), limits);
        metrics = new PipelineMetrics();
        context.getRegistry().bind("bulkRequestFactory", requests);
        context.getRegistry().bind(BulkLimits.BEAN_NAME, limits);
        context.getRegistry().bind("bulkResultHandler", new BulkResultHandler(condition, limits));
        context.getRegistry().bind("deadLetterPublisher",
                new DeadLetterPublisher(context, "mock:dlq", Clock.fixed(AT, ZoneOffset.UTC)));
        context.getRegistry().bind("batchOffsetCommitter", new BatchOffsetCommitter());
        context.getRegistry().bind("pipelineMetrics", metrics);

        // as camel-main does: route configurations first, then the routes they apply to
        context.addRoutesConfigurations(new PipelineErrorHandling());
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:routes/indexer.yaml"));
        AdviceWith.adviceWith(context, "indexer", route -> route.replaceFromWith("direct:batch"));
        AdviceWith.adviceWith(context, "bulk-index", route -> {
            // counts how often the sub-route itself runs, to tell a retry by the caller from one inside it
            route.weaveAddFirst().process(exchange -> bulkIndexRuns.incrementAndGet());
            route.weaveByToUri("opensearch:*").replace().process(openSearch);
        });
        context.start();

        template = context.createProducerTemplate();
        dlq = context.getEndpoint("mock:dlq", MockEndpoint.class);
        dlq.whenAnyExchangeReceived(exchange -> timeline.add("dlq " + sourceOffsets(exchange)));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void validEventsAreBulkIndexedMalformedOnesDeadLetteredThenEachPartitionIsCommitted() {
        List<ClickEvent> events = IndexingFixtures.events(5, AT);
        List<Exchange> records = List.of(
                record(events.get(0), 0, 10), record(events.get(1), 1, 20), record(events.get(2), 0, 11),
                record(MALFORMED, 1, 21), record(events.get(3), 0, 12), record(events.get(4), 1, 22));
        openSearch.answer(this::allCreated);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).containsExactly(ids(events));
        // each operation carries the event's JSON unchanged, into the daily index of its timestamp
        List<CreateOperation<?>> sent = openSearch.operations().get(0);
        for (int i = 0; i < events.size(); i++) {
            assertThat(String.valueOf(((RawValue) sent.get(i).document()).rawValue())).isEqualTo(ClickEventJson.toJson(events.get(i)));
            assertThat(sent.get(i).index()).isEqualTo("clickstream-2026.11.26");
        }

        List<Message> deadLettered = deadLetteredMessages();
        assertThat(deadLettered).hasSize(1);
        Message malformed = deadLettered.get(0);
        assertThat(malformed.getBody()).isEqualTo(MALFORMED);
        assertThat(malformed.getHeaders()).containsEntry(DeadLetterHeaders.REASON, "malformed_json")
                .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, TOPIC)
                .containsEntry(DeadLetterHeaders.SOURCE_PARTITION, "1")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "21")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "0")
                .containsEntry(KafkaConstants.KEY, "key-1-21");

        assertThat(timeline.subList(0, 2)).containsExactly("bulk " + ids(events), "dlq [21]");
        assertThat(timeline.subList(2, timeline.size())).containsExactlyInAnyOrder("commit 0@12", "commit 1@22");
        assertThat(metrics.indexed()).isEqualTo(5);
        assertThat(metrics.deadLettered()).isEqualTo(1);
    }

    @Test
    void onlyTheThrottledDocumentIsRetriedAndTheRefusedOneIsDeadLettered() {
        List<ClickEvent> events = IndexingFixtures.events(5, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), i % 2, 100 + i));
        }
        String throttled = events.get(1).eventId();
        String unmappable = events.get(3).eventId();
        openSearch.answer(ids -> answer(ids, Map.of(
                throttled, failed(throttled, 429, "es_rejected_execution_exception"),
                unmappable, failed(unmappable, 400, "mapper_parsing_exception"))));
        openSearch.answer(this::allCreated);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).containsExactly(ids(events), List.of(throttled));
        assertThat(bulkIndexRuns).hasValue(2);

        List<Message> deadLettered = deadLetteredMessages();
        assertThat(deadLettered).hasSize(1);
        assertThat(deadLettered.get(0).getBody()).isEqualTo(ClickEventJson.toBytes(events.get(3)));
        assertThat(deadLettered.get(0).getHeaders()).containsEntry(DeadLetterHeaders.REASON, "mapping_rejected")
                .containsEntry(DeadLetterHeaders.ERROR_CLASS, "opensearch.mapper_parsing_exception")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "103")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "1");

        assertThat(timeline.subList(0, 3)).containsExactly("bulk " + ids(events), "bulk [" + throttled + "]", "dlq [103]");
        assertThat(timeline.subList(3, timeline.size())).containsExactlyInAnyOrder("commit 0@104", "commit 1@103");
        assertThat(metrics.indexed()).isEqualTo(4);
    }

    @Test
    void aFailedBulkRequestIsSentAgainWholeByTheCallerRoute() {
        List<ClickEvent> events = IndexingFixtures.events(4, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), 0, 40 + i));
        }
        openSearch.answer(ids -> {
            throw connectionRefused();
        });
        openSearch.answer(ids -> {
            throw connectionRefused();
        });
        openSearch.answer(this::allCreated);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).containsExactly(ids(events), ids(events), ids(events));
        // the whole bulk-index route ran three times: the retry is the indexer's, around its call of the sub-route
        assertThat(bulkIndexRuns).hasValue(3);
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).containsExactly("bulk " + ids(events), "bulk " + ids(events), "bulk " + ids(events),
                "commit 0@43");
        assertThat(metrics.indexed()).isEqualTo(4);
    }

    @Test
    void aConnectionFailureWhileRetryingAThrottledDocumentStillSendsOnlyThatDocument() {
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), 2, 70 + i));
        }
        String throttled = events.get(2).eventId();
        openSearch.answer(ids -> answer(ids, Map.of(throttled, failed(throttled, 503, "unavailable_shards_exception"))));
        openSearch.answer(ids -> {
            throw connectionRefused();
        });
        openSearch.answer(this::allCreated);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).containsExactly(ids(events), List.of(throttled), List.of(throttled));
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).endsWith("commit 2@72").filteredOn(e -> e.startsWith("commit")).hasSize(1);
        assertThat(metrics.indexed()).isEqualTo(3);
    }

    @Test
    void aRequestRefusedAsTooLargeIsSplitAndSentAtOnceWithoutABackoff() {
        List<ClickEvent> events = IndexingFixtures.events(4, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), 0, 50 + i));
        }
        try (HttpStatusServer http = new HttpStatusServer()) {
            Exception tooLarge = http.bulkFailure(413);
            openSearch.answer(ids -> {
                throw tooLarge;
            });
            for (int i = 0; i < events.size(); i++) {
                openSearch.answer(this::allCreated);
            }

            Exchange result = send(records);

            assertThat(result.getException()).isNull();
        }
        List<List<String>> calls = openSearch.calls();
        assertThat(calls.get(0)).isEqualTo(ids(events));
        // then requests of at most half its bytes, in order, within the same run of the sub-route: no retry by the caller
        List<List<String>> split = calls.subList(1, calls.size());
        assertThat(split).hasSizeGreaterThanOrEqualTo(2).allSatisfy(request -> assertThat(request).hasSizeBetween(1, 3));
        assertThat(split.stream().flatMap(List::stream).toList()).isEqualTo(ids(events));
        assertThat(bulkIndexRuns).hasValue(1);
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).endsWith("commit 0@53");
        assertThat(metrics.indexed()).isEqualTo(4);
    }

    @Test
    void aWholeRequestThrottledIsRetriedAfterABackoffWithFewerRequestsInFlight() {
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), 1, 60 + i));
        }
        AtomicInteger limitOnRetry = new AtomicInteger();
        try (HttpStatusServer http = new HttpStatusServer()) {
            Exception throttled = http.bulkFailure(429);
            openSearch.answer(ids -> {
                throw throttled;
            });
            openSearch.answer(ids -> {
                limitOnRetry.set(limits.inFlightLimit());
                return allCreated(ids);
            });

            Exchange result = send(records);

            assertThat(result.getException()).isNull();
        }
        assertThat(openSearch.calls()).containsExactly(ids(events), ids(events));
        assertThat(bulkIndexRuns).hasValue(2);
        assertThat(limitOnRetry).hasValue(1);
        assertThat(limits.inFlightLimit()).isEqualTo(2);
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(metrics.indexed()).isEqualTo(3);
    }

    @Test
    void documentsRefusedByAWriteBlockWaitForItToBeLiftedAndNoneIsDeadLettered() {
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i), 0, 80 + i));
        }
        List<String> heldDuringBlock = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            openSearch.answer(ids -> {
                heldDuringBlock.addAll(condition.causes().keySet());
                return answer(ids, Map.of(ids.get(0), failed(ids.get(0), 403, "cluster_block_exception"),
                        ids.get(1), failed(ids.get(1), 403, "cluster_block_exception"),
                        ids.get(2), failed(ids.get(2), 403, "cluster_block_exception")));
            });
        }
        openSearch.answer(this::allCreated);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).containsExactly(ids(events), ids(events), ids(events));
        // held from the first refusal on, clear once the documents went in
        assertThat(heldDuringBlock).containsExactly("opensearch.cluster_block_exception");
        assertThat(condition.causes()).isEmpty();
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).endsWith("commit 0@82");
        assertThat(metrics.indexed()).isEqualTo(3);
    }

    @Test
    void aRedeliveredEventIsCountedAsADuplicateNotDeadLettered() {
        List<ClickEvent> events = IndexingFixtures.events(2, AT);
        List<Exchange> records = List.of(record(events.get(0), 0, 90), record(events.get(1), 0, 91));
        String again = events.get(1).eventId();
        openSearch.answer(ids -> answer(ids, Map.of(again, failed(again, 409, "version_conflict_engine_exception"))));

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(metrics.indexed()).isEqualTo(2);
        assertThat(metrics.duplicates()).isEqualTo(1);
    }

    @Test
    void anUnexpectedErrorFailsTheBatchWithoutCommittingOrDeadLettering() {
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        List<Exchange> records = List.of(
                record(events.get(0), 0, 5), record(MALFORMED, 0, 6), record(events.get(1), 1, 9),
                record(events.get(2), 1, 10));
        openSearch.answer(ids -> {
            throw new IllegalStateException("a bug, not an outage");
        });

        Exchange result = send(records);

        assertThat(result.isFailed()).isTrue();
        assertThat(result.getException()).isInstanceOf(IllegalStateException.class).hasMessage("a bug, not an outage");
        assertThat(openSearch.calls()).hasSize(1);
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).containsExactly("bulk " + ids(events));
        assertThat(metrics.indexed()).isZero();
    }

    @Test
    void aBatchWithNothingValidIsDeadLetteredAndCommittedWithoutABulkCall() {
        byte[] invalidEvent = "{\"event_id\":\"not-a-uuid\",\"event_type\":\"view\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tooLarge = ("{\"pad\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<Exchange> records = List.of(
                record(MALFORMED, 0, 1), record(invalidEvent, 0, 2), record(tooLarge, 1, 7), record((byte[]) null, 1, 8));

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(openSearch.calls()).isEmpty();
        assertThat(bulkIndexRuns).hasValue(0);
        List<Message> deadLettered = deadLetteredMessages();
        assertThat(deadLettered).extracting(m -> m.getHeader(DeadLetterHeaders.REASON))
                .containsExactly("malformed_json", "invalid_event", "too_large", "malformed_json");
        assertThat(deadLettered).extracting(Message::getBody)
                .containsExactly(MALFORMED, invalidEvent, tooLarge, null);
        assertThat(timeline.subList(0, 1)).containsExactly("dlq [1, 2, 7, 8]");
        assertThat(timeline.subList(1, timeline.size())).containsExactlyInAnyOrder("commit 0@2", "commit 1@8");
        assertThat(metrics.deadLettered()).isEqualTo(4);
    }

    // ---- the batch, as camel-kafka's batching consumer hands it to the route --------------------------------------

    private Exchange record(ClickEvent event, int partition, long offset) {
        return record(ClickEventJson.toBytes(event), partition, offset);
    }

    private Exchange record(byte[] value, int partition, long offset) {
        Exchange record = new DefaultExchange(context);
        Message message = record.getMessage();
        message.setBody(value);
        message.setHeader(KafkaConstants.TOPIC, TOPIC);
        message.setHeader(KafkaConstants.PARTITION, partition);
        message.setHeader(KafkaConstants.OFFSET, offset);
        message.setHeader(KafkaConstants.KEY, "key-" + partition + "-" + offset);
        message.setHeader(KafkaConstants.MANUAL_COMMIT, new RecordingCommit(partition + "@" + offset));
        return record;
    }

    private Exchange send(List<Exchange> records) {
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(new ArrayList<>(records));
        // camel-kafka puts the last record's handle on the batch too; it commits one partition only, so it must stay unused
        batch.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new RecordingCommit("batch-header"));
        return template.send("direct:batch", batch);
    }

    /** camel-kafka's handle of one record: commits that record's partition up to it. */
    private final class RecordingCommit implements KafkaManualCommit {
        private final String position;

        RecordingCommit(String position) {
            this.position = position;
        }

        @Override
        public void commit() {
            timeline.add("commit " + position);
        }
    }

    // ---- the OpenSearch bulk API, scripted ------------------------------------------------------------------------

    @FunctionalInterface
    private interface BulkAnswer {
        List<BulkResponseItem> answer(List<String> ids) throws Exception;
    }

    /** Stands in for {@code opensearch:...?operation=Bulk}: records each request and plays the next scripted answer. */
    private final class ScriptedBulkApi implements Processor {
        private final Deque<BulkAnswer> answers = new ArrayDeque<>();
        private final List<List<CreateOperation<?>>> operations = Collections.synchronizedList(new ArrayList<>());

        void answer(BulkAnswer answer) {
            answers.add(answer);
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            List<CreateOperation<?>> request = new ArrayList<>();
            for (Object operation : exchange.getMessage().getBody(List.class)) {
                request.add((CreateOperation<?>) operation);
            }
            operations.add(request);
            List<String> ids = request.stream().map(CreateOperation::id).toList();
            timeline.add("bulk " + ids);
            BulkAnswer answer = answers.poll();
            if (answer == null) {
                throw new IllegalStateException("unexpected bulk request " + ids);
            }
            exchange.getMessage().setBody(answer.answer(ids));
        }

        List<List<CreateOperation<?>>> operations() {
            return operations;
        }

        List<List<String>> calls() {
            return operations.stream().map(request -> request.stream().map(CreateOperation::id).toList()).toList();
        }
    }

    private List<BulkResponseItem> allCreated(List<String> ids) {
        return answer(ids, Map.of());
    }

    /** One item per id, in request order: 201 unless listed in failures. */
    private static List<BulkResponseItem> answer(List<String> ids, Map<String, BulkResponseItem> failures) {
        return ids.stream().map(id -> failures.getOrDefault(id, BulkResponseItem.of(b -> b
                .index("clickstream-2026.11.26").id(id).status(201).operationType(OperationType.Create)))).toList();
    }

    private static BulkResponseItem failed(String id, int status, String type) {
        return BulkResponseItem.of(b -> b.index("clickstream-2026.11.26").id(id).status(status)
                .operationType(OperationType.Create)
                .error(ErrorCause.of(e -> e.type(type).reason("refused " + id))));
    }

    /** What the opensearch producer sets when the node cannot be reached. */
    private static Exception connectionRefused() {
        return new CamelExchangeException("An error occurred while executing the action", null,
                new CompletionException(new ConnectException("Connection refused")));
    }

    // ---- reading the results --------------------------------------------------------------------------------------

    private static List<String> ids(List<ClickEvent> events) {
        return events.stream().map(ClickEvent::eventId).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Message> deadLetteredMessages() {
        assertThat(dlq.getReceivedExchanges()).as("dead-letter sends").hasSize(1);
        return dlq.getReceivedExchanges().get(0).getMessage().getBody(List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> sourceOffsets(Exchange exchange) {
        List<Message> messages = exchange.getMessage().getBody(List.class);
        return messages.stream().map(m -> m.getHeader(DeadLetterHeaders.SOURCE_OFFSET, String.class)).toList();
    }
}
