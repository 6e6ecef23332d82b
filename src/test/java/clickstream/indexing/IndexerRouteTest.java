package clickstream.indexing;

import clickstream.model.IndexNames;
import clickstream.config.SettingsCatalog;
import clickstream.model.DeadLetterHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import com.fasterxml.jackson.databind.util.RawValue;

import clickstream.observe.PipelineMetrics;
import clickstream.config.Settings;
import clickstream.it.LogCapture;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.observe.IndexerReadinessCheck;

/**
 * The indexer as written in {@code routes/indexer.camel.yaml}, with the app's error policy
 * ({@code routes/error-handling.camel.yaml}) and properties, and no servers: the Kafka consumer is replaced by
 * {@code direct:batch} (a batch shaped like camel-kafka's), the OpenSearch call by a scripted bulk API, the
 * dead-letter route's Kafka send by {@code mock:dlq}. One timeline
 * records bulk calls, dead-letter sends and offset commits in the order they happen.
 */
@Timeout(60) // a guard against a retry loop that never ends, not a timing assertion
class IndexerRouteTest {

    private static final String TOPIC = "clickstream";
    private static final Path INDEXER_YAML = Path.of("routes/indexer.camel.yaml");
    private static final String ERROR_HANDLING_YAML = "file:routes/error-handling.camel.yaml";
    /** The error policy's attempts after the first for a failure that is neither transient nor fatal (its catch-all). */
    private static final int OTHER_FAILURE_REDELIVERIES = 3;
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
    private final ScriptedDeadLetterTopic dlqProducer = new ScriptedDeadLetterTopic();
    /** How many commit() calls fail next, as after a rebalance (CommitFailedException). */
    private final AtomicInteger failingCommits = new AtomicInteger();

    @BeforeEach
    void startIndexerRoutes() throws Exception {
        startIndexerRoutes(Files.readString(INDEXER_YAML));
    }

    private void startIndexerRoutes(String indexerYaml) throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        overrides.put("retry.max-attempts", "5"); // bounded, so a broken policy fails the test instead of hanging it
        overrides.put("retry.initial-delay-ms", "10");
        overrides.put("retry.max-delay-ms", "40");
        context.getPropertiesComponent().setOverrideProperties(overrides);

        Settings settings = Settings.of(context);
        limits = new BulkLimits(settings.get(SettingsCatalog.Indexer.MAX_BULK_BYTES),
                settings.get(SettingsCatalog.Indexer.CONSUMERS));
        condition = new IndexerCondition(Clock.fixed(AT, ZoneOffset.UTC));
        BulkRequestFactory requests = new BulkRequestFactory(
                new EventValidator(settings.get(SettingsCatalog.Indexer.MAX_EVENT_BYTES),
                        settings.get(SettingsCatalog.Indexer.MAX_EVENT_AGE),
                        settings.get(SettingsCatalog.Indexer.MAX_CLOCK_SKEW),
                        Clock.fixed(AT, ZoneOffset.UTC)),
                new IndexNames(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX)), limits);
        metrics = new PipelineMetrics();
        context.getRegistry().bind("bulkRequestFactory", requests);
        context.getRegistry().bind(BulkLimits.BEAN_NAME, limits);
        context.getRegistry().bind("bulkResultHandler", new BulkResultHandler(condition, limits));
        context.getRegistry().bind("deadLetterPublisher",
                new DeadLetterPublisher(context, "clickstream.dlq", Clock.fixed(AT, ZoneOffset.UTC), condition,
                        metrics::deadLettered));
        InFlightBatches inFlight = new InFlightBatches(context, settings.get(SettingsCatalog.Indexer.BATCHES_IN_FLIGHT),
                settings.get(SettingsCatalog.Indexer.CONSUMERS));
        context.getRegistry().bind(InFlightBatches.BEAN_NAME, inFlight);
        context.getRegistry().bind("batchOffsetCommitter", new BatchOffsetCommitter(inFlight));
        context.getRegistry().bind("pipelineMetrics", metrics);

        // as camel-main does: route configurations first, then the routes they apply to
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context, ERROR_HANDLING_YAML));
        loadIndexerRoutes(ResourceHelper.fromString("file:" + INDEXER_YAML, indexerYaml));
        context.start();

        template = context.createProducerTemplate();
        dlq = context.getEndpoint("mock:dlq", MockEndpoint.class);
        dlq.whenAnyExchangeReceived(dlqProducer);
    }

    private void loadIndexerRoutes(Resource routes) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(routes);
        AdviceWith.adviceWith(context, "indexer", route -> route.replaceFromWith("direct:batch"));
        AdviceWith.adviceWith(context, "bulk-index", route -> {
            // counts how often the sub-route itself runs, to tell a retry by the caller from one inside it
            route.weaveAddFirst().process(exchange -> bulkIndexRuns.incrementAndGet());
            route.weaveById("opensearch-bulk").replace().process(openSearch);
        });
        AdviceWith.adviceWith(context, "dead-letter",
                route -> route.weaveById(DeadLetterPublisher.SEND_STEP_ID).replace().to("mock:dlq"));
    }

    /** Runs an edited copy of routes/indexer.camel.yaml instead, as a live reload of a saved edit would. */
    private void reloadIndexerRoutes(UnaryOperator<String> edit) throws Exception {
        String original = Files.readString(INDEXER_YAML);
        String edited = edit.apply(original);
        assertThat(edited).as("the edit applies").isNotEqualTo(original);
        context.stop();
        startIndexerRoutes(edited);
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
        for (int i = 0; i <= OTHER_FAILURE_REDELIVERIES; i++) {
            openSearch.answer(ids -> {
                throw new IllegalStateException("a bug, not an outage");
            });
        }

        Exchange result = send(records);

        assertThat(result.isFailed()).isTrue();
        assertThat(result.getException()).isInstanceOf(IllegalStateException.class).hasMessage("a bug, not an outage");
        // a few delayed attempts (the back-off before camel-kafka polls the batch again), not retried until it passes
        assertThat(openSearch.calls()).hasSize(1 + OTHER_FAILURE_REDELIVERIES);
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).allMatch(entry -> entry.equals("bulk " + ids(events)));
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

    // ---- the dead-letter topic refuses, the commit fails, the route is edited -----------------------------------

    @Test
    void aRecordTooLargeForTheDeadLetterTopicIsWrittenTruncatedWithItsSizeAndHash() throws Exception {
        List<ClickEvent> events = IndexingFixtures.events(2, AT);
        byte[] huge = ("{\"pad\":\"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<Exchange> records = List.of(record(events.get(0), 0, 30), record(huge, 0, 31), record(events.get(1), 0, 32));
        openSearch.answer(this::allCreated);
        // a dead-letter topic with max.message.bytes=100000: the broker refuses the record whole
        dlqProducer.answer(m -> ((byte[]) m.getBody()).length > 100_000
                ? new RecordTooLargeException("The request included a message larger than the max message size") : null);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(dlq.getReceivedExchanges()).as("the record whole, then truncated").hasSize(2);
        assertThat(deadLetteredMessages(0)).singleElement().extracting(Message::getBody).isEqualTo(huge);
        Message written = deadLetteredMessages(1).get(0);
        assertThat((byte[]) written.getBody()).isEqualTo(Arrays.copyOf(huge, DeadLetterPublisher.TRUNCATED_VALUE_BYTES));
        assertThat(written.getHeaders()).containsEntry(DeadLetterHeaders.VALUE_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.VALUE_SIZE, Integer.toString(huge.length))
                .containsEntry(DeadLetterHeaders.VALUE_SHA256, sha256(huge))
                .containsEntry(DeadLetterHeaders.REASON, "too_large")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "31")
                .containsEntry(KafkaConstants.KEY, "key-0-31");
        assertThat(timeline).endsWith("commit 0@32");
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void aRecordThatOnlyTheDeadLetterHeadersPushOverTheProducerLimitIsTruncatedBeforeItIsSent() throws Exception {
        // fits a 1 MiB max.request.size alone, not with the dlq.* headers: the producer would refuse it every time
        byte[] nearLimit = new byte[1024 * 1024 - 200];
        Arrays.fill(nearLimit, (byte) 'a');
        List<Exchange> records = List.of(record(nearLimit, 3, 9));

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        Message written = deadLetteredMessages().get(0);
        assertThat((byte[]) written.getBody()).hasSize(DeadLetterPublisher.TRUNCATED_VALUE_BYTES);
        assertThat(written.getHeaders()).containsEntry(DeadLetterHeaders.VALUE_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.VALUE_SIZE, Integer.toString(nearLimit.length))
                .containsEntry(DeadLetterHeaders.VALUE_SHA256, sha256(nearLimit));
        assertThat(timeline).containsExactly("dlq [9]", "commit 3@9");
    }

    @Test
    void aDeadLetterTopicItMayNotWriteStopsTheIndexerLoudlyWithNothingCommitted() {
        List<ClickEvent> events = IndexingFixtures.events(2, AT);
        List<Exchange> records = List.of(record(events.get(0), 0, 60), record(MALFORMED, 0, 61), record(events.get(1), 1, 62));
        openSearch.answer(this::allCreated);
        dlqProducer.answer(m -> new TopicAuthorizationException(Set.of("clickstream.dlq")));

        Exchange result;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            result = send(records);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> context.getRouteController().getRouteStatus("indexer") == ServiceStatus.Stopped);
            log = capture.text();
        }

        assertThat(result.getException()).isInstanceOf(DeadLetterPublisher.DeadLetterFatalException.class);
        assertThat(dlq.getReceivedCounter()).as("not retried").isEqualTo(1);
        assertThat(timeline).noneMatch(entry -> entry.startsWith("commit"));
        HealthCheck.Result readiness = readiness();
        assertThat(readiness.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(readiness.getMessage()).get().asString().contains("clickstream.dlq").contains("TopicAuthorizationException")
                .contains("WRITE");
        List<String> errors = log.lines().filter(line -> line.startsWith("ERROR")).toList();
        assertThat(errors).as("one ERROR line, naming the topic and the fix").singleElement().asString()
                .contains(DeadLetterPublisher.class.getName()).contains("Stopping route 'indexer'").contains("'clickstream.dlq'")
                .contains("grant this app's Kafka principal WRITE");
    }

    @Test
    void aDeadLetterStillRefusedAloneAndTruncatedStopsTheIndexerWithTheFix() {
        byte[] big = ("{\"pad\":\"" + "a".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        List<Exchange> records = List.of(record(MALFORMED, 0, 1), record(big, 0, 2));
        // a dead-letter topic with max.message.bytes below 64 KiB: the truncated record is refused too
        dlqProducer.answer(m -> ((byte[]) m.getBody()).length > 1_000 ? new RecordTooLargeException("too large") : null);
        dlqProducer.answer(m -> new RecordTooLargeException("too large"));

        Exchange result = send(records);

        assertThat(result.getException()).isInstanceOf(DeadLetterPublisher.DeadLetterFatalException.class)
                .hasMessageContaining("raise max.message.bytes");
        assertThat(timeline).containsExactly("dlq [1, 2]", "dlq [2]");
        assertThat(condition.causes()).containsKey(DeadLetterPublisher.FATAL);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> context.getRouteController().getRouteStatus("indexer") == ServiceStatus.Stopped);
    }

    @Test
    void aBatchReadAgainAfterItsCommitCountsOnlyTheDeadLettersItWrote() {
        // committed, then read again (the group's offsets reset, or a commit the broker lost in a rebalance): the
        // publisher skips the dead letter it already wrote, and the counter must not count it again
        send(List.of(record(MALFORMED, 0, 80)));
        Exchange again = send(List.of(record(MALFORMED, 0, 80), record(MALFORMED, 0, 81)));

        assertThat(again.getException()).isNull();
        assertThat(timeline).containsExactly("dlq [80]", "commit 0@80", "dlq [81]", "commit 0@81");
        assertThat(metrics.deadLettered()).isEqualTo(2);
    }

    @Test
    void aTruncatedDeadLetterWhoseSourceHeadersAloneAreTooLargeIsWrittenWithoutThem() throws Exception {
        byte[] big = ("{\"pad\":\"" + "a".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Exchange record = record(big, 0, 2);
        // source headers of 200 KB in all: a dead-letter topic with max.message.bytes of 100000 refuses the record,
        // and its truncated copy too, while they are on it
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[200_000]);
        record.getMessage().setHeader(KafkaConstants.HEADERS, headers);
        record.getMessage().setHeader("trace", new byte[200_000]);
        dlqProducer.answer(m -> new RecordTooLargeException("The request included a message larger than the max message size"));
        dlqProducer.answer(m -> new RecordTooLargeException("The request included a message larger than the max message size"));

        Exchange result = send(List.of(record));

        assertThat(result.getException()).isNull();
        assertThat(timeline).containsExactly("dlq [2]", "dlq [2]", "dlq [2]", "commit 0@2");
        Message written = deadLetteredMessages(2).get(0);
        assertThat(written.getHeaders()).containsEntry(DeadLetterHeaders.VALUE_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.HEADERS_DROPPED, "true")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "2")
                .containsEntry(KafkaConstants.KEY, "key-0-2")
                .doesNotContainKey("trace");
        assertThat(condition.causes()).isEmpty();
        assertThat(metrics.deadLettered()).isEqualTo(1);
    }

    @Test
    void aDeadLetterTheProducerRefusesEvenAtItsSmallestNamesMaxRequestSize() {
        Exchange record = record(MALFORMED, 0, 3);
        // a key of 2 MiB: over max.request.size (1 MiB) even with the value cut, so the key is cut to 64 KiB before the
        // send; refused anyway by this (scripted) producer's own size check: fatal, naming that limit
        record.getMessage().setHeader(KafkaConstants.KEY, new byte[2 * 1024 * 1024]);
        dlqProducer.answer(m -> new RecordTooLargeException("The message is 70000 bytes when serialized which is larger "
                + "than 65536, which is the value of the max.request.size configuration."));

        Exchange result = send(List.of(record));

        assertThat(result.getException()).isInstanceOf(DeadLetterPublisher.DeadLetterFatalException.class)
                .hasMessageContaining("max.request.size").hasMessageContaining("raise maxRequestSize")
                .hasMessageNotContaining("raise max.message.bytes");
        Message smallest = deadLetteredMessages().get(0);
        assertThat((byte[]) smallest.getHeader(KafkaConstants.KEY)).hasSize(DeadLetterPublisher.TRUNCATED_VALUE_BYTES);
        assertThat(smallest.getHeaders()).containsEntry(DeadLetterHeaders.KEY_TRUNCATED, "true")
                .containsEntry(DeadLetterHeaders.KEY_SIZE, Integer.toString(2 * 1024 * 1024));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> context.getRouteController().getRouteStatus("indexer") == ServiceStatus.Stopped);
    }

    @Test
    void startingTheStoppedIndexerAgainClearsTheDeadLetterFaultFromReadiness() throws Exception {
        dlqProducer.answer(m -> new TopicAuthorizationException(Set.of("clickstream.dlq")));
        Exchange result = send(List.of(record(MALFORMED, 0, 70)));
        assertThat(result.getException()).isInstanceOf(DeadLetterPublisher.DeadLetterFatalException.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> context.getRouteController().getRouteStatus("indexer") == ServiceStatus.Stopped);
        assertThat(readiness().getState()).as("DOWN while the indexer is stopped").isEqualTo(HealthCheck.State.DOWN);

        // the ACL was granted; the route is started again (a route restart or a live reload), nothing arrives yet
        context.getRouteController().startRoute("indexer");

        assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void aPartlyWrittenDeadLetterSendWritesAgainOnlyWhatWasNotWritten() {
        byte[] invalidEvent = "{\"event_id\":\"not-a-uuid\",\"event_type\":\"view\"}".getBytes(StandardCharsets.UTF_8);
        List<Exchange> records = List.of(record(MALFORMED, 0, 1), record(invalidEvent, 0, 2));
        // the partition leader of one dead letter is away: that record fails, the other is written
        dlqProducer.answer(m -> "2".equals(m.getHeader(DeadLetterHeaders.SOURCE_OFFSET))
                ? new NotEnoughReplicasException("Messages are rejected since there are fewer in-sync replicas") : null);

        Exchange result = send(records);

        assertThat(result.getException()).isNull();
        assertThat(timeline).containsExactly("dlq [1, 2]", "dlq [2]", "commit 0@2");
        assertThat(condition.causes()).as("held while retrying, cleared once written").isEmpty();
    }

    @Test
    void aFailedCommitBacksOffAndTheBatchPolledAgainDoesNotWriteItsDeadLettersTwice() {
        List<ClickEvent> events = IndexingFixtures.events(2, AT);
        // the consumer lost its partitions meanwhile: every commit attempt of this batch fails
        failingCommits.set(1 + OTHER_FAILURE_REDELIVERIES);
        openSearch.answer(this::allCreated);
        openSearch.answer(this::allCreated);

        long start = System.nanoTime();
        Exchange first = send(List.of(record(events.get(0), 0, 50), record(MALFORMED, 0, 51), record(events.get(1), 0, 52)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(first.getException()).isInstanceOf(CommitFailedException.class);
        assertThat(timeline).filteredOn(entry -> entry.startsWith("commit"))
                .containsOnly("commit failed 0@52").hasSize(1 + OTHER_FAILURE_REDELIVERIES);
        // 10, 20, 40 ms (retry.* of this test) minus at most 15% jitter: the batch is not polled again at once
        assertThat(elapsedMs).isGreaterThanOrEqualTo(55);

        // camel-kafka polls the batch again from the last committed offset: the same records, new exchanges
        Exchange again = send(List.of(record(events.get(0), 0, 50), record(MALFORMED, 0, 51), record(events.get(1), 0, 52)));

        assertThat(again.getException()).isNull();
        assertThat(openSearch.calls()).hasSize(2);
        assertThat(dlq.getReceivedCounter()).as("the dead letter was written once").isEqualTo(1);
        assertThat(timeline).endsWith("commit 0@52");
        // and counted once: written by the first poll (whose commit failed), not again by the second
        assertThat(metrics.deadLettered()).isEqualTo(1);
    }

    @Test
    void aRouteEditThatCatchesTheBulkFailureCannotCommitUnindexedRecords() throws Exception {
        reloadIndexerRoutes(yaml -> yaml.replace("""
                              - to:
                                  id: send-to-bulk-index
                                  uri: direct:bulk-index?synchronous=true
                """, """
                              - doTry:
                                  steps:
                                    - to: direct:bulk-index?synchronous=true
                                  doCatch:
                                    - exception:
                                        - java.lang.Exception
                                      steps:
                                        - log: "bulk-index failed: ${exception.message}"
                """));
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        openSearch.answer(ids -> {
            throw connectionRefused();
        });

        Exchange result = send(List.of(record(events.get(0), 0, 5), record(events.get(1), 0, 6), record(events.get(2), 1, 7)));

        assertThat(openSearch.calls()).as("the doCatch took the failure: no retry").hasSize(1);
        assertThat(result.getException()).isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("3 of 3 records are still pending");
        assertThat(timeline).noneMatch(entry -> entry.startsWith("commit"));
    }

    @Test
    void aRouteEditThatDeadLettersBeforeIndexingCannotCommitTheRecordsOpenSearchRefuses() throws Exception {
        String deadLetter = """
                        - filter:
                            method:
                              ref: deadLetterPublisher
                              method: hasUnacknowledged
                            steps:
                              - to:
                                  id: send-to-dead-letter
                                  uri: direct:dead-letter?synchronous=true
                """;
        String bulkIndex = """
                        - filter:
                            simple: "${body.size()} > 0"
                """;
        reloadIndexerRoutes(yaml -> {
            assertThat(yaml).contains(deadLetter).contains(bulkIndex);
            return yaml.replace(deadLetter, "").replace(bulkIndex, deadLetter + bulkIndex);
        });
        List<ClickEvent> events = IndexingFixtures.events(3, AT);
        String unmappable = events.get(1).eventId();
        openSearch.answer(ids -> answer(ids, Map.of(unmappable, failed(unmappable, 400, "mapper_parsing_exception"))));

        Exchange result = send(List.of(record(events.get(0), 0, 5), record(events.get(1), 0, 6), record(events.get(2), 1, 7)));

        assertThat(result.getException()).isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("1 of 1 refused records are not acknowledged");
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(timeline).noneMatch(entry -> entry.startsWith("commit"));
    }

    private HealthCheck.Result readiness() {
        IndexerReadinessCheck check = new IndexerReadinessCheck(condition);
        check.setCamelContext(context);
        return check.call();
    }

    private static String sha256(byte[] value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
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
            if (failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                timeline.add("commit failed " + position);
                throw new CommitFailedException();
            }
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

    // ---- the dead-letter topic, scripted ---------------------------------------------------------------------------

    /**
     * Stands in for {@code kafka:clickstream.dlq}: answers each record as camel-kafka 4.17's producer does for a List
     * of exchanges (KafkaProducerMetadataCallBack, KafkaProducerCallBack): each record's exchange gets its own failure
     * and its RecordMetadata (offset -1 when it failed), the send fails with the last failure. Without a script every
     * record is written.
     */
    private final class ScriptedDeadLetterTopic implements Processor {
        private final Deque<Function<Message, Exception>> answers = new ArrayDeque<>();
        private long nextOffset;

        void answer(Function<Message, Exception> answer) {
            answers.add(answer);
        }

        @Override
        public void process(Exchange send) {
            timeline.add("dlq " + sourceOffsets(send));
            Function<Message, Exception> answer = answers.poll();
            for (Exchange record : records(send)) {
                Exception failure = answer == null ? null : answer.apply(record.getMessage());
                long offset = failure == null ? nextOffset++ : -1;
                record.getMessage().setHeader(KafkaConstants.KAFKA_RECORD_META,
                        List.of(new RecordMetadata(new TopicPartition("clickstream.dlq", 0), offset, 0, 0, 0, 0)));
                if (failure != null) {
                    record.setException(failure);
                    send.setException(failure);
                }
            }
        }
    }

    // ---- reading the results --------------------------------------------------------------------------------------

    private static List<String> ids(List<ClickEvent> events) {
        return events.stream().map(ClickEvent::eventId).toList();
    }

    private List<Message> deadLetteredMessages() {
        assertThat(dlq.getReceivedExchanges()).as("dead-letter sends").hasSize(1);
        return deadLetteredMessages(0);
    }

    /** The records of the i-th send to the dead-letter topic (one exchange per record, as the publisher sends them). */
    private List<Message> deadLetteredMessages(int send) {
        return records(dlq.getReceivedExchanges().get(send)).stream().map(Exchange::getMessage).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Exchange> records(Exchange send) {
        return send.getMessage().getBody(List.class);
    }

    private static List<String> sourceOffsets(Exchange exchange) {
        return records(exchange).stream()
                .map(record -> record.getMessage().getHeader(DeadLetterHeaders.SOURCE_OFFSET, String.class)).toList();
    }
}
