package clickstream.indexing;

import clickstream.model.DeadLetterHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import clickstream.app.PipelineBeans;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * The route files as camel-main wires them ({@link CamelMainTestSupport}): application.properties, the app's beans
 * ({@link PipelineBeans}), and the indexer's route files through {@code camel.main.routes-include-pattern}, the
 * error policy ({@code routes/error-handling.camel.yaml}) included (the sessions and retention routes need beans of
 * their own and have their own tests). AdviceWith replaces only the edges, by step id:
 * the Kafka consumer by {@code direct:batch}, the OpenSearch bulk call ({@code opensearch-bulk}) by a scripted stand-in,
 * the dead-letter send ({@link DeadLetterPublisher#SEND_STEP_ID}) by {@code mock:dlq}; NotifyBuilder waits for the
 * batch. {@link IndexerRouteTest} covers the other retry and failure paths on a plain context.
 */
@Timeout(120) // a guard against a retry loop that never ends, not a timing assertion
class IndexerMainRouteTest extends CamelMainTestSupport {

    private static final byte[] MALFORMED = "{\"event_id\": \"0f8fad5b".getBytes(StandardCharsets.UTF_8);

    /**
     * application.properties as the test overrides it; the retry.* values are read when the routes start. Set by
     * {@link #configureContext}, which CamelTestSupport's constructor calls: no initializer, so it is not reset.
     */
    private Properties overrides;
    /** What the stand-in OpenSearch received, one list of ids per bulk request, and what it answers next. */
    private final List<List<String>> bulkRequests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Boolean> bulkFailsNext = new ArrayDeque<>();
    private final List<String> commits = Collections.synchronizedList(new ArrayList<>());
    private final IndexingFixtures fixtures = new IndexingFixtures();

    private static Properties testProperties() {
        Properties overrides = new Properties();
        // of application.properties' wiring, what the indexer routes use: no services, HTTP server or generator
        overrides.setProperty("camel.main.configuration-classes", "clickstream.app.PipelineBeans");
        // (Camel refuses an empty list: the generator route, which does not start)
        overrides.setProperty("camel.main.routes-builder-classes", "clickstream.generator.GeneratorRoute");
        overrides.setProperty("generator.enabled", "false");
        overrides.setProperty("camel.main.routes-include-pattern", "file:routes/indexer.camel.yaml,"
                + "file:routes/error-handling.camel.yaml,file:routes/dlq-replay.camel.yaml");
        // servers that are never contacted: the routes' edges are replaced below
        overrides.setProperty("kafka.brokers", "localhost:9");
        overrides.setProperty("opensearch.hosts", "http://localhost:9");
        overrides.setProperty("camel.main.routes-reload-enabled", "false");
        overrides.setProperty("camel.server.enabled", "false");
        overrides.setProperty("camel.management.enabled", "false");
        overrides.setProperty("camel.metrics.enabled", "false");
        // bounded, so a broken policy fails the test instead of hanging it
        overrides.setProperty("retry.max-attempts", "5");
        overrides.setProperty("retry.initial-delay-ms", "10");
        overrides.setProperty("retry.max-delay-ms", "40");
        return overrides;
    }

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        // the test advises the routes, then starts the context
        config.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration config) {
        super.configureContext(config);
        overrides = testProperties();
        config.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    @Test
    void aBatchWithOneMalformedRecordIndexesTheGoodOnesDeadLettersTheBadOneAndCommitsEveryPartition() throws Exception {
        MockEndpoint dlq = start();
        // the validator runs on the system clock here (PipelineBeans), so the events are from now
        List<ClickEvent> events = IndexingFixtures.events(4, Instant.now());
        List<Exchange> records = List.of(record(events.get(0), 0, 10), record(events.get(1), 1, 20),
                record(MALFORMED, 1, 21), record(events.get(2), 0, 11), record(events.get(3), 1, 22));
        dlq.expectedMessageCount(1);

        Exchange batch = sendAndAwait(records, true);

        assertThat(batch.getException()).isNull();
        assertThat(bulkRequests).containsExactly(ids(events));
        dlq.assertIsSatisfied();
        List<Exchange> deadLettered = dlq.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(deadLettered).singleElement().satisfies(record -> {
            assertThat(record.getMessage().getBody()).isEqualTo(MALFORMED);
            assertThat(record.getMessage().getHeaders()).containsEntry(DeadLetterHeaders.REASON, "malformed_json")
                    .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "21");
        });
        assertThat(commits).containsExactlyInAnyOrder("0@11", "1@22");
    }

    @Test
    void aBulkCallThatFailsForNowIsRetriedByThePolicyInTheRouteFilesThenTheBatchIsCommitted() throws Exception {
        MockEndpoint dlq = start();
        List<ClickEvent> events = IndexingFixtures.events(3, Instant.now());
        bulkFailsNext.add(true);
        bulkFailsNext.add(true);

        Exchange batch = sendAndAwait(List.of(record(events.get(0), 0, 5), record(events.get(1), 0, 6),
                record(events.get(2), 1, 7)), true);

        assertThat(batch.getException()).isNull();
        assertThat(bulkRequests).containsExactly(ids(events), ids(events), ids(events));
        assertThat(dlq.getReceivedCounter()).isZero();
        assertThat(commits).containsExactlyInAnyOrder("0@6", "1@7");
    }

    /** retry.max-attempts is read from the properties when the routes start: changing it needs no recompile. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4})
    void retryMaxAttemptsInThePropertiesBoundsTheRetriesOfAnOutage(int maxAttempts) throws Exception {
        overrides.setProperty("retry.max-attempts", Integer.toString(maxAttempts));
        MockEndpoint dlq = start();
        List<ClickEvent> events = IndexingFixtures.events(2, Instant.now());
        for (int i = 0; i < 10; i++) {
            bulkFailsNext.add(true);
        }

        Exchange batch = sendAndAwait(List.of(record(events.get(0), 0, 5), record(events.get(1), 0, 6)), false);

        assertThat(batch.getException()).hasRootCauseInstanceOf(ConnectException.class);
        assertThat(bulkRequests).as("the first attempt and retry.max-attempts retries").hasSize(1 + maxAttempts);
        assertThat(dlq.getReceivedCounter()).as("an outage dead-letters nothing").isZero();
        assertThat(commits).as("nothing committed").isEmpty();
    }

    /** Advises the routes loaded from routes/*.camel.yaml by step id and starts the context. */
    private MockEndpoint start() throws Exception {
        AdviceWith.adviceWith(context, "indexer", route -> route.replaceFromWith("direct:batch"));
        AdviceWith.adviceWith(context, "bulk-index", route -> route.weaveById("opensearch-bulk").replace().process(this::bulk));
        AdviceWith.adviceWith(context, "dead-letter",
                route -> route.weaveById(DeadLetterPublisher.SEND_STEP_ID).replace().to("mock:dlq"));
        context.start();
        MockEndpoint dlq = getMockEndpoint("mock:dlq");
        dlq.whenAnyExchangeReceived(IndexerMainRouteTest::writtenToTopic);
        return dlq;
    }

    /** Sends the batch as camel-kafka would and waits, with NotifyBuilder, until the indexer is done with it. */
    private Exchange sendAndAwait(List<Exchange> records, boolean succeeds) {
        NotifyBuilder builder = new NotifyBuilder(context).from("direct:batch");
        NotifyBuilder done = (succeeds ? builder.whenCompleted(1) : builder.whenFailed(1)).create();
        // created by the template, so the batch carries direct:batch as its from endpoint (NotifyBuilder matches on it)
        Exchange batch = template.send("direct:batch", exchange -> exchange.getMessage().setBody(new ArrayList<>(records)));
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("the batch is %s", succeeds ? "completed" : "failed").isTrue();
        return batch;
    }

    /** Replaces {@code opensearch:...?operation=Bulk}: refused connection while scripted so, else every document created. */
    private void bulk(Exchange exchange) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Object operation : exchange.getMessage().getBody(List.class)) {
            ids.add(((CreateOperation<?>) operation).id());
        }
        bulkRequests.add(ids);
        if (Boolean.TRUE.equals(bulkFailsNext.poll())) {
            // what the opensearch producer sets when the node cannot be reached
            throw new CamelExchangeException("An error occurred while executing the action", exchange,
                    new ConnectException("Connection refused"));
        }
        exchange.getMessage().setBody(ids.stream().map(id -> BulkResponseItem.of(b -> b.index("clickstream")
                .id(id).status(201).operationType(OperationType.Create))).toList());
    }

    private Exchange record(ClickEvent event, int partition, long offset) {
        return record(ClickEventJson.toBytes(event), partition, offset);
    }

    private Exchange record(byte[] value, int partition, long offset) {
        Exchange record = fixtures.record(value, partition, offset);
        KafkaManualCommit commit = () -> commits.add(partition + "@" + offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        return record;
    }

    private static List<String> ids(List<ClickEvent> events) {
        return events.stream().map(ClickEvent::eventId).toList();
    }

    /** As camel-kafka's producer answers a record it wrote (recordMetadata=true): its offset on the topic. */
    private static void writtenToTopic(Exchange send) {
        for (Object record : send.getMessage().getBody(List.class)) {
            ((Exchange) record).getMessage().setHeader(KafkaConstants.KAFKA_RECORD_META,
                    List.of(new RecordMetadata(new TopicPartition("clickstream.dlq", 0), 0, 0, 0, 0, 0)));
        }
    }
}
