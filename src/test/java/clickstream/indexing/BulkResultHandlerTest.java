package clickstream.indexing;

import clickstream.model.IndexNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

class BulkResultHandlerTest {

    private static final String INDEX = "clickstream-2026.11.26";
    private static final HttpStatusServer HTTP = new HttpStatusServer();

    private final IndexingFixtures fixtures = new IndexingFixtures();
    private final IndexerCondition condition = new IndexerCondition(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final BulkLimits limits = new BulkLimits(5 * 1024 * 1024, 2);
    private final BulkRequestFactory factory =
            new BulkRequestFactory(IndexingFixtures.validator(16_384, Instant.parse("2026-11-26T06:00:00Z")),
                    new IndexNames("clickstream"), limits);
    private final BulkResultHandler handler = new BulkResultHandler(condition, limits);

    private List<ClickEvent> events;
    private List<Exchange> records;
    private Exchange exchange;

    @BeforeEach
    void batchOfSix() {
        events = IndexingFixtures.events(6, Instant.parse("2026-11-26T05:31:02.123Z"));
        records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(fixtures.record(ClickEventJson.toBytes(events.get(i)), i % 2, 100 + i));
        }
        exchange = fixtures.batch(records);
        factory.toOperations(exchange);
    }

    @AfterAll
    static void stopServer() {
        HTTP.close();
    }

    private IndexBatch batch() {
        return IndexBatch.of(exchange);
    }

    private static BulkResponseItem created(String id) {
        return BulkResponseItem.of(b -> b.index(INDEX).id(id).status(201).operationType(OperationType.Create));
    }

    private static BulkResponseItem failed(String id, int status, String type, String reason) {
        return BulkResponseItem.of(b -> b.index(INDEX).id(id).status(status).operationType(OperationType.Create)
                .error(ErrorCause.of(e -> e.type(type).reason(reason))));
    }

    private static BulkResponseItem failed(String id, int status, String type) {
        return failed(id, status, type, "reason for " + id);
    }

    private String id(int i) {
        return events.get(i).eventId();
    }

    /** As the route does: the next request is built from the batch, then its answer arrives. */
    private void respond(List<BulkResponseItem> items) {
        factory.pendingOperations(exchange);
        exchange.getMessage().setBody(items);
    }

    /** One item per event: {@code special} for some, 201 for the rest. */
    private List<BulkResponseItem> items(IntFunction<BulkResponseItem> special) {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            BulkResponseItem item = special.apply(i);
            items.add(item == null ? created(id(i)) : item);
        }
        return items;
    }

    @Test
    void createdIsIndexed() {
        respond(items(i -> null));

        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().rejections()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(6);
        assertThat(batch().duplicates()).isZero();
        assertThat(batch().attempts()).isEqualTo(1);
    }

    @Test
    void aConflictOnCreateIsADuplicateCountedAsIndexed() {
        respond(items(i -> i == 2 ? failed(id(i), 409, "version_conflict_engine_exception") : null));

        handler.inspect(exchange);

        assertThat(batch().indexed()).isEqualTo(6);
        assertThat(batch().duplicates()).isEqualTo(1);
        assertThat(batch().pending()).isEmpty();
        assertThat(batch().rejections()).isEmpty();
    }

    @Test
    void aConflictOnAnotherOperationIsNotSuccess() {
        respond(items(i -> i == 2 ? BulkResponseItem.of(b -> b.index(INDEX).id(id(2)).status(409)
                .operationType(OperationType.Index)
                .error(ErrorCause.of(e -> e.type("version_conflict_engine_exception").reason("version conflict")))) : null));

        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);

        assertThat(batch().indexed()).isEqualTo(5);
        assertThat(batch().duplicates()).isZero();
        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactly(records.get(2));
        assertThat(batch().rejections()).isEmpty();
    }

    @Test
    void a503WithoutAnErrorObjectIsRetriedNotCountedAsIndexed() {
        respond(items(i -> i == 3 ? BulkResponseItem.of(b -> b.index(INDEX).id(id(3)).status(503)
                .operationType(OperationType.Create)) : null));

        assertThatThrownBy(() -> handler.inspect(exchange))
                .isInstanceOf(TransientIndexingException.class)
                .hasMessageContaining("1 of 6").hasMessageContaining("503 without an error");

        assertThat(batch().indexed()).isEqualTo(5);
        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactly(records.get(3));
        assertThat(batch().rejections()).isEmpty();
        // a passing fault, not the cluster's: readiness stays UP
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void aWriteBlockIsRetriedAndHoldsReadinessUntilARequestGoesThrough() {
        String blocked = "index [" + INDEX + "] blocked by: [FORBIDDEN/8/index write (api)];";
        respond(items(i -> failed(id(i), 403, "cluster_block_exception", blocked)));

        assertThatThrownBy(() -> handler.inspect(exchange))
                .isInstanceOf(TransientIndexingException.class).hasMessageContaining("6 of 6");

        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactlyElementsOf(records);
        assertThat(batch().rejections()).isEmpty();
        assertThat(batch().indexed()).isZero();
        assertThat(condition.causes()).containsOnlyKeys("opensearch.cluster_block_exception");
        assertThat(condition.firstCause().orElseThrow().reason())
                .contains("HTTP 403 cluster_block_exception").contains("FORBIDDEN/8/index write (api)")
                .contains("6 of 6 documents").contains(BulkItemOutcome.RETRY_CLUSTER.description())
                // a late event for a daily index made read-only on purpose waits for ever: the reason says what to set
                .contains("index " + INDEX + " refuses writes").contains("set indexer.max-event-age below that age");

        // the block is lifted: the retry goes through and readiness is clear again
        respond(items(i -> null));
        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(6);
        assertThat(condition.causes()).isEmpty();
    }

    /** A second batch, polled (and so built) by another consumer thread, as with indexer.consumers = 2. */
    private Exchange batchOfAnotherConsumer() throws Exception {
        List<Exchange> other = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            other.add(fixtures.record(ClickEventJson.toBytes(events.get(i)), 2, 200 + i));
        }
        Exchange second = fixtures.batch(other);
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            consumer.submit(() -> factory.toOperations(second)).get();
        } finally {
            consumer.shutdown();
        }
        assertThat(IndexBatch.of(second).consumer()).isNotEqualTo(batch().consumer());
        return second;
    }

    private void answer(BulkResultHandler handler, Exchange batch, IntFunction<BulkResponseItem> special) {
        factory.pendingOperations(batch);
        List<BulkResponseItem> items = new ArrayList<>();
        List<IndexBatch.Pending> sent = IndexBatch.of(batch).sent();
        for (int i = 0; i < sent.size(); i++) {
            BulkResponseItem item = special.apply(i);
            items.add(item == null ? created(sent.get(i).event().eventId()) : item);
        }
        batch.getMessage().setBody(items);
        try {
            handler.inspect(batch);
        } catch (TransientIndexingException refusedForNow) {
            // the route's error policy retries the batch; here the test answers it again
        }
    }

    private static BulkResponseItem blocked(int i) {
        return failed("id" + i, 403, "cluster_block_exception", "index [" + INDEX + "] blocked by: [FORBIDDEN/8/index write (api)];");
    }

    @Test
    void aRefusalHoldsReadinessWhileAnyConsumersBatchStillMeetsIt() throws Exception {
        Exchange second = batchOfAnotherConsumer();

        answer(handler, exchange, BulkResultHandlerTest::blocked);
        assertThat(condition.causes()).containsOnlyKeys("opensearch.cluster_block_exception");

        // the other consumer's batch goes through (another index, say): the first batch is still refused
        answer(handler, second, i -> null);
        assertThat(IndexBatch.of(second).pending()).isEmpty();
        assertThat(condition.causes()).containsOnlyKeys("opensearch.cluster_block_exception");

        answer(handler, exchange, BulkResultHandlerTest::blocked);
        answer(handler, second, i -> null);
        assertThat(condition.causes()).containsOnlyKeys("opensearch.cluster_block_exception");

        // only a clean answer for the batch that met the refusal clears it
        answer(handler, exchange, i -> null);
        assertThat(batch().pending()).isEmpty();
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void aHoldOfABatchNobodyAnswersAnyMoreDoesNotStandForEver() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T06:00:00Z"));
        BulkResultHandler handler = new BulkResultHandler(condition, limits, clock);
        Exchange second = batchOfAnotherConsumer();

        // the first consumer's batch is refused, then abandoned (its partitions move to the other consumer)
        answer(handler, exchange, BulkResultHandlerTest::blocked);
        clock.now = clock.now.plus(BulkResultHandler.STALE_AFTER);
        answer(handler, second, i -> null);
        assertThat(condition.causes()).containsOnlyKeys("opensearch.cluster_block_exception");

        clock.now = clock.now.plus(Duration.ofSeconds(1));
        answer(handler, second, i -> null);
        assertThat(condition.causes()).isEmpty();
    }

    /** A clock the test sets. */
    private static final class SettableClock extends Clock {

        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aMissingIngestPipelineIsTheClustersFaultNotTheDocuments() {
        respond(items(i -> i == 0 ? failed(id(i), 400, "illegal_argument_exception",
                "pipeline with id [clickstream-indexed-at] does not exist") : null));

        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);

        assertThat(batch().rejections()).isEmpty();
        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactly(records.get(0));
        assertThat(condition.causes()).containsOnlyKeys("opensearch.illegal_argument_exception");
    }

    @Test
    void otherClusterRefusalsAreRetriedNeverDeadLettered() {
        Map<Integer, BulkResponseItem> refusals = Map.of(
                0, failed(id(0), 403, "security_exception", "no permissions for [indices:data/write/bulk[s]]"),
                1, failed(id(1), 400, "index_closed_exception", "closed"),
                2, failed(id(2), 404, "index_not_found_exception", "no such index"),
                3, failed(id(3), 400, "validation_exception", "this action would add [2] total shards, but this cluster "
                        + "currently has [1000]/[1000] maximum shards open"),
                4, failed(id(4), 400, "some_exception_nobody_knows"),
                5, failed(id(5), 401, "whatever"));
        respond(items(refusals::get));

        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);

        assertThat(batch().rejections()).isEmpty();
        assertThat(batch().pending()).hasSize(6);
        assertThat(condition.causes()).containsOnlyKeys("opensearch.security_exception", "opensearch.index_closed_exception",
                "opensearch.index_not_found_exception", "opensearch.validation_exception",
                "opensearch.some_exception_nobody_knows", "opensearch.whatever");
    }

    @Test
    void mappingErrorsAreDeadLetteredAsMappingRejected() {
        respond(items(i -> switch (i) {
            case 0 -> failed(id(i), 400, "parse_exception");
            case 1 -> failed(id(i), 400, "mapper_parsing_exception");
            case 2 -> failed(id(i), 400, "json_parse_exception");
            case 3 -> failed(id(i), 400, "x_content_parse_exception");
            case 4 -> failed(id(i), 400, "strict_dynamic_mapping_exception");
            case 5 -> failed(id(i), 400, "illegal_argument_exception", "Document contains at least one immense term");
            default -> null;
        }));

        handler.inspect(exchange);

        assertThat(batch().indexed()).isZero();
        assertThat(batch().pending()).isEmpty();
        // the reason comes from BulkItemOutcome, the one list of document errors: *parse_exception is mapping_rejected too
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::record).containsExactlyElementsOf(records);
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::reason)
                .containsOnly(RejectReason.MAPPING_REJECTED);
        IndexBatch.Rejection first = batch().rejections().get(1);
        assertThat(first.message()).contains("400").contains("mapper_parsing_exception").contains("reason for " + id(1));
        assertThat(first.errorClass()).isEqualTo("opensearch.mapper_parsing_exception");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void throttledAndUnavailableAreRetriedAloneAndThrottlingLowersTheRequestsInFlight() {
        respond(items(i -> switch (i) {
            case 1 -> failed(id(i), 429, "es_rejected_execution_exception");
            case 2 -> failed(id(i), 400, "mapper_parsing_exception");
            case 4 -> failed(id(i), 503, "unavailable_shards_exception");
            default -> null;
        }));

        assertThatThrownBy(() -> handler.inspect(exchange))
                .isInstanceOf(TransientIndexingException.class)
                .hasMessageContaining("2 of 6");

        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactly(records.get(1), records.get(4));
        assertThat(batch().indexed()).isEqualTo(3);
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::record).containsExactly(records.get(2));
        assertThat(factory.operations(batch())).extracting(CreateOperation::id).containsExactly(id(1), id(4));
        assertThat(factory.operations(batch())).extracting(CreateOperation::index).containsOnly(INDEX);
        assertThat(limits.inFlightLimit()).isEqualTo(1);

        // the retry: both go through now, and one more request may be in flight again
        respond(List.of(created(id(1)), created(id(4))));
        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(5);
        assertThat(batch().attempts()).isEqualTo(2);
        assertThat(batch().rejections()).hasSize(1);
        assertThat(limits.inFlightLimit()).isEqualTo(2);
    }

    @Test
    void aRecordRefusedOnTheRetryRecordsItsAttempts() {
        respond(items(i -> i == 3 ? failed(id(i), 500, "internal_server_error") : null));
        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);

        respond(List.of(failed(id(3), 400, "illegal_argument_exception")));
        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(5);
        IndexBatch.Rejection rejection = batch().rejections().get(0);
        assertThat(rejection.record()).isSameAs(records.get(3));
        assertThat(rejection.reason()).isEqualTo(RejectReason.MAPPING_REJECTED);
        assertThat(rejection.attempts()).isEqualTo(2);
    }

    @Test
    void sizeMismatchIsTransient() {
        respond(List.of(created(id(0)), created(id(1))));

        assertThatThrownBy(() -> handler.inspect(exchange))
                .isInstanceOf(TransientIndexingException.class)
                .hasMessageContaining("2 items for 6 operations");
        // nothing was decided: every record is still pending and none counted
        assertThat(batch().pending()).hasSize(6);
        assertThat(batch().indexed()).isZero();
        assertThat(batch().rejections()).isEmpty();
    }

    @Test
    void missingResponseIsTransient() {
        respond(null);
        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);
        assertThat(batch().pending()).hasSize(6);
    }

    // ---- the whole request failed: the exceptions a real client gives for a real HTTP answer -------------------

    private void failWith(Exception failure) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
    }

    @Test
    void theStatusOfAFailedRequestIsReadFromTheClientsException() {
        assertThat(BulkResultHandler.requestStatus(HTTP.bulkFailure(413))).hasValue(413);
        assertThat(BulkResultHandler.requestStatus(HTTP.bulkFailure(429))).hasValue(429);
        assertThat(BulkResultHandler.requestStatus(HTTP.bulkFailure(503))).hasValue(503);
        assertThat(BulkResultHandler.requestStatus(HTTP.bulkFailure(403))).hasValue(403);
        assertThat(BulkResultHandler.requestStatus(new java.net.ConnectException("refused"))).isEmpty();
    }

    @Test
    void a413SplitsTheRequestAndTheNextOneIsAtMostHalfAsLarge() throws Exception {
        factory.pendingOperations(exchange);
        long refused = batch().sentBytes();
        failWith(HTTP.bulkFailure(413));

        handler.requestFailed(exchange); // handled: the route's loop goes on

        assertThat(limits.maxBytes()).isEqualTo(refused / 2);
        assertThat(batch().pending()).hasSize(6);
        assertThat(batch().rejections()).isEmpty();
        factory.pendingOperations(exchange);
        assertThat(batch().sent()).hasSizeBetween(1, 5);
        assertThat(batch().sentBytes()).isLessThanOrEqualTo(refused / 2);
    }

    @Test
    void aLoneDocumentRefusedWith413IsDeadLetteredAsTooLarge() throws Exception {
        BulkLimits tiny = new BulkLimits(1, 2);
        BulkRequestFactory oneByOne = new BulkRequestFactory(IndexingFixtures.validator(16_384, Instant.parse("2026-11-26T06:00:00Z")), new IndexNames("clickstream"), tiny);
        oneByOne.pendingOperations(exchange);
        assertThat(batch().sent()).hasSize(1);
        failWith(HTTP.bulkFailure(413));

        new BulkResultHandler(condition, tiny).requestFailed(exchange);

        assertThat(batch().rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.record()).isSameAs(records.get(0));
            assertThat(rejection.reason()).isEqualTo(RejectReason.TOO_LARGE);
            assertThat(rejection.message()).contains("413");
            assertThat(rejection.attempts()).isEqualTo(1);
        });
        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactlyElementsOf(records.subList(1, 6));
    }

    @Test
    void a429ForTheWholeRequestLowersTheRequestsInFlightAndIsThrownForTheRetry() {
        factory.pendingOperations(exchange);
        Exception failure = HTTP.bulkFailure(429);
        failWith(failure);

        assertThatThrownBy(() -> handler.requestFailed(exchange)).isSameAs(failure);

        assertThat(limits.inFlightLimit()).isEqualTo(1);
        assertThat(batch().pending()).hasSize(6);
    }

    @Test
    void aForbiddenRequestHoldsReadinessAndIsThrownForTheRetry() {
        factory.pendingOperations(exchange);
        Exception failure = HTTP.bulkFailure(403);
        failWith(failure);

        assertThatThrownBy(() -> handler.requestFailed(exchange)).isSameAs(failure);

        assertThat(condition.causes()).containsOnlyKeys("opensearch.http_403");
        respond(items(i -> null));
        handler.inspect(exchange);
        assertThat(condition.causes()).isEmpty();
    }

    @Test
    void aFailureWithoutAnHttpAnswerIsThrownAsItIs() {
        factory.pendingOperations(exchange);
        Exception failure = new TransientIndexingException("1 of 6 documents were refused for now");
        failWith(failure);

        assertThatThrownBy(() -> handler.requestFailed(exchange)).isSameAs(failure);
        assertThat(limits.inFlightLimit()).isEqualTo(2);
        assertThat(condition.causes()).isEmpty();
    }
}
