package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.bulk.IndexOperation;
import org.opensearch.client.opensearch.core.bulk.OperationType;

import com.fasterxml.jackson.databind.util.RawValue;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

class BulkResultHandlerTest {

    private final IndexingFixtures fixtures = new IndexingFixtures();
    private final BulkRequestFactory factory =
            new BulkRequestFactory(IndexingFixtures.validator(16_384, Instant.parse("2026-11-26T06:00:00Z")),
                    new IndexNames("clickstream"));
    private final BulkResultHandler handler = new BulkResultHandler();

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

    private IndexBatch batch() {
        return IndexBatch.of(exchange);
    }

    private static BulkResponseItem ok(String id) {
        return BulkResponseItem.of(b -> b.index("clickstream-2026.11.26").id(id).status(201).operationType(OperationType.Index));
    }

    private static BulkResponseItem failed(String id, int status, String type) {
        return BulkResponseItem.of(b -> b.index("clickstream-2026.11.26").id(id).status(status)
                .operationType(OperationType.Index)
                .error(ErrorCause.of(e -> e.type(type).reason("reason for " + id))));
    }

    private String id(int i) {
        return events.get(i).eventId();
    }

    private void respond(List<BulkResponseItem> items) {
        exchange.getMessage().setBody(items);
    }

    @Test
    void allSuccessfulLeavesNothingPending() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            int status = i % 2 == 0 ? 201 : 200;
            String id = id(i);
            items.add(BulkResponseItem.of(b -> b.index("i").id(id).status(status).operationType(OperationType.Index)));
        }
        respond(items);

        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().rejections()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(6);
        assertThat(batch().attempts()).isEqualTo(1);
    }

    @Test
    void versionConflictCountsAsIndexed() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(i == 2 ? failed(id(i), 409, "version_conflict_engine_exception") : ok(id(i)));
        }
        respond(items);

        handler.inspect(exchange);

        assertThat(batch().indexed()).isEqualTo(6);
        assertThat(batch().pending()).isEmpty();
        assertThat(batch().rejections()).isEmpty();
    }

    @Test
    void mappingErrorsAreRejectedAsMappingRejected() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(switch (i) {
                case 1 -> failed(id(i), 400, "mapper_parsing_exception");
                case 4 -> failed(id(i), 400, "strict_dynamic_mapping_exception");
                default -> ok(id(i));
            });
        }
        respond(items);

        handler.inspect(exchange);

        assertThat(batch().indexed()).isEqualTo(4);
        assertThat(batch().pending()).isEmpty();
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::record)
                .containsExactly(records.get(1), records.get(4));
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::reason)
                .containsOnly(RejectReason.MAPPING_REJECTED);
        IndexBatch.Rejection first = batch().rejections().get(0);
        assertThat(first.message()).contains("400").contains("mapper_parsing_exception").contains("reason for " + id(1));
        assertThat(first.errorClass()).isEqualTo("opensearch.mapper_parsing_exception");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(batch().rejections().get(1).message()).contains("400").contains("strict_dynamic_mapping_exception");
    }

    @Test
    void otherClientErrorsAreRejectedAsIndexRejected() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(switch (i) {
                case 0 -> failed(id(i), 403, "cluster_block_exception");
                case 5 -> failed(id(i), 404, "index_not_found_exception");
                default -> ok(id(i));
            });
        }
        respond(items);

        handler.inspect(exchange);

        assertThat(batch().indexed()).isEqualTo(4);
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::reason)
                .containsExactly(RejectReason.INDEX_REJECTED, RejectReason.INDEX_REJECTED);
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::record)
                .containsExactly(records.get(0), records.get(5));
        assertThat(batch().rejections().get(0).message()).contains("403").contains("cluster_block_exception");
        assertThat(batch().rejections().get(1).message()).contains("404").contains("index_not_found_exception");
    }

    @Test
    void throttledAndUnavailableAreRetriedAlone() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(switch (i) {
                case 1 -> failed(id(i), 429, "es_rejected_execution_exception");
                case 2 -> failed(id(i), 400, "mapper_parsing_exception");
                case 4 -> failed(id(i), 503, "unavailable_shards_exception");
                default -> ok(id(i));
            });
        }
        respond(items);

        assertThatThrownBy(() -> handler.inspect(exchange))
                .isInstanceOf(TransientIndexingException.class)
                .hasMessageContaining("2 of 6");

        assertThat(batch().pending()).extracting(IndexBatch.Pending::record).containsExactly(records.get(1), records.get(4));
        assertThat(batch().indexed()).isEqualTo(3);
        assertThat(batch().rejections()).extracting(IndexBatch.Rejection::record).containsExactly(records.get(2));
        assertThat(factory.operations(batch())).extracting(IndexOperation::id).containsExactly(id(1), id(4));
        assertThat(factory.operations(batch())).extracting(IndexOperation::index).containsOnly("clickstream-2026.11.26");

        // the retry: both go through now
        respond(List.of(ok(id(1)), ok(id(4))));
        handler.inspect(exchange);

        assertThat(batch().pending()).isEmpty();
        assertThat(batch().indexed()).isEqualTo(5);
        assertThat(batch().attempts()).isEqualTo(2);
        assertThat(batch().rejections()).hasSize(1);
    }

    @Test
    void aRecordRefusedOnTheRetryRecordsItsAttempts() {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            items.add(i == 3 ? failed(id(i), 500, "internal_server_error") : ok(id(i)));
        }
        respond(items);
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
        respond(List.of(ok(id(0)), ok(id(1))));

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
        exchange.getMessage().setBody(null);
        assertThatThrownBy(() -> handler.inspect(exchange)).isInstanceOf(TransientIndexingException.class);
        assertThat(batch().pending()).hasSize(6);
    }

    @Test
    void transientStatuses() {
        assertThat(BulkResultHandler.isTransient(429)).isTrue();
        assertThat(BulkResultHandler.isTransient(408)).isTrue();
        assertThat(BulkResultHandler.isTransient(500)).isTrue();
        assertThat(BulkResultHandler.isTransient(503)).isTrue();
        assertThat(BulkResultHandler.isTransient(400)).isFalse();
        assertThat(BulkResultHandler.isTransient(404)).isFalse();
        assertThat(BulkResultHandler.isTransient(409)).isFalse();
    }
}
