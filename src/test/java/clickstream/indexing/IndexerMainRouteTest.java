package clickstream.indexing;

import clickstream.model.DeadLetterHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import clickstream.app.PipelineBeans;
import clickstream.app.PipelineErrorHandling;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * routes/indexer.yaml as camel-main wires it (camel-test-main-junit5): application.properties, the app's beans
 * ({@link PipelineBeans}) and error policy ({@link PipelineErrorHandling}); only the edges are replaced: the Kafka
 * consumer by {@code direct:batch}, the OpenSearch call by a stand-in that creates every document, the dead-letter
 * topic by {@code mock:dlq}. {@link IndexerRouteTest} covers the retry and failure paths on a plain context.
 */
@CamelMainTest(
        properties = {
            // of application.properties' wiring, what the indexer routes use (no services, HTTP server or generator),
            // then the dead-letter stand-in (it replaces PipelineBeans' publisher, so it comes after)
            "camel.main.configuration-classes=clickstream.app.PipelineBeans,"
                    + "clickstream.indexing.IndexerMainRouteTest$DeadLetterToMock",
            "camel.main.routes-builder-classes=clickstream.app.PipelineErrorHandling",
            // servers that are never contacted: the routes' edges are replaced below
            "kafka.brokers=localhost:9", "opensearch.hosts=http://localhost:9",
            "camel.main.routes-include-pattern=file:routes/indexer.yaml",
            "camel.main.routes-reload-enabled=false",
            "camel.server.enabled=false",
            "camel.management.enabled=false",
            "camel.metrics.enabled=false",
            // bounded, so a broken policy fails the test instead of hanging it
            "retry.max-attempts=5", "retry.initial-delay-ms=10", "retry.max-delay-ms=40" },
        replaceRouteFromWith = "indexer=direct:batch",
        advices = @AdviceRouteMapping(route = "bulk-index", advice = IndexerMainRouteTest.OpenSearchCreatesAll.class))
@Timeout(120) // a guard against a retry loop that never ends, not a timing assertion
class IndexerMainRouteTest {

    private static final byte[] MALFORMED = "{\"event_id\": \"0f8fad5b".getBytes(StandardCharsets.UTF_8);
    /** What the stand-in OpenSearch received, one list of ids per bulk request. */
    static final List<List<String>> BULK_REQUESTS = Collections.synchronizedList(new ArrayList<>());

    @Produce
    ProducerTemplate template;

    @EndpointInject("mock:dlq")
    MockEndpoint dlq;

    private final List<String> commits = Collections.synchronizedList(new ArrayList<>());
    private final IndexingFixtures fixtures = new IndexingFixtures();

    @Test
    void aBatchWithOneMalformedRecordIndexesTheGoodOnesDeadLettersTheBadOneAndCommitsEveryPartition() throws Exception {
        // the validator runs on the system clock here (PipelineBeans), so the events are from now
        List<ClickEvent> events = IndexingFixtures.events(4, Instant.now());
        List<Exchange> records = List.of(record(events.get(0), 0, 10), record(events.get(1), 1, 20),
                record(MALFORMED, 1, 21), record(events.get(2), 0, 11), record(events.get(3), 1, 22));
        dlq.whenAnyExchangeReceived(IndexerMainRouteTest::writtenToTopic);
        dlq.expectedMessageCount(1);
        NotifyBuilder batchDone = new NotifyBuilder(template.getCamelContext()).from("direct:batch").whenDone(1).create();
        BULK_REQUESTS.clear();

        // created by the template, so the batch carries direct:batch as its from endpoint (NotifyBuilder matches on it)
        template.send("direct:batch", batch -> batch.getMessage().setBody(new ArrayList<>(records)));

        assertThat(batchDone.matches(60, TimeUnit.SECONDS)).as("the batch is done").isTrue();
        assertThat(BULK_REQUESTS).containsExactly(events.stream().map(ClickEvent::eventId).toList());
        dlq.assertIsSatisfied();
        List<Exchange> deadLettered = dlq.getReceivedExchanges().get(0).getMessage().getBody(List.class);
        assertThat(deadLettered).singleElement().satisfies(record -> {
            assertThat(record.getMessage().getBody()).isEqualTo(MALFORMED);
            assertThat(record.getMessage().getHeaders()).containsEntry(DeadLetterHeaders.REASON, "malformed_json")
                    .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "21");
        });
        assertThat(commits).containsExactlyInAnyOrder("0@11", "1@22");
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

    /** As camel-kafka's producer answers a record it wrote (recordMetadata=true): its offset on the topic. */
    private static void writtenToTopic(Exchange send) {
        for (Object record : send.getMessage().getBody(List.class)) {
            ((Exchange) record).getMessage().setHeader(KafkaConstants.KAFKA_RECORD_META,
                    List.of(new RecordMetadata(new TopicPartition("clickstream.dlq", 0), 0, 0, 0, 0, 0)));
        }
    }

    /** Replaces {@code opensearch:...?operation=Bulk}: every document created (201). */
    public static final class OpenSearchCreatesAll extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("opensearch:*").replace().process(exchange -> {
                List<String> ids = new ArrayList<>();
                for (Object operation : exchange.getMessage().getBody(List.class)) {
                    ids.add(((CreateOperation<?>) operation).id());
                }
                BULK_REQUESTS.add(ids);
                exchange.getMessage().setBody(ids.stream().map(id -> BulkResponseItem.of(b -> b.index("clickstream")
                        .id(id).status(201).operationType(OperationType.Create))).toList());
            });
        }
    }

    /** Binds the app's dead-letter publisher again, sending to mock:dlq instead of the Kafka topic. */
    public static final class DeadLetterToMock implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            context.getRegistry().bind("deadLetterPublisher", new DeadLetterPublisher(context, "mock:dlq",
                    Clock.systemUTC(), context.getRegistry().lookupByNameAndType(IndexerCondition.BEAN_NAME,
                            IndexerCondition.class)));
        }
    }
}
