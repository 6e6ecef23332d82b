package clickstream.indexing;

import clickstream.model.IndexNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.core.bulk.CreateOperation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

class BulkRequestFactoryTest {

    private final IndexingFixtures fixtures = new IndexingFixtures();
    private final BulkRequestFactory factory = factoryAt(Instant.parse("2026-11-26T06:00:00Z"));

    private static BulkRequestFactory factoryAt(Instant now) {
        return new BulkRequestFactory(IndexingFixtures.validator(16_384, now), new IndexNames("clickstream"),
                new BulkLimits(5 * 1024 * 1024, 2));
    }

    /** The operations the batch's first bulk request would carry (all of them, under the default byte bound). */
    private List<CreateOperation<RawValue>> operations(Exchange exchange) {
        assertThat(exchange.getMessage().getBody(List.class)).as("the body: the accepted records")
                .isEqualTo(IndexBatch.of(exchange).pending());
        return factory.operations(IndexBatch.of(exchange));
    }

    private static String expectedIndex(ClickEvent event) {
        return "clickstream-" + event.instant().atOffset(ZoneOffset.UTC).toLocalDate().toString().replace('-', '.');
    }

    @Test
    void validRecordsBecomeCreateOperationsInOrder() {
        // the last millisecond of the year: every event after a session's login is 1 ms later, i.e. next year
        List<ClickEvent> events = IndexingFixtures.events(300, Instant.parse("2026-12-31T23:59:59.999Z"));
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(fixtures.record(ClickEventJson.toBytes(events.get(i)), i % 3, 1000 + i));
        }
        Exchange exchange = fixtures.batch(records);

        factoryAt(Instant.parse("2027-01-01T00:00:00Z")).toOperations(exchange);

        List<CreateOperation<RawValue>> ops = operations(exchange);
        assertThat(ops).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(ops.get(i).id()).isEqualTo(events.get(i).eventId());
            assertThat(ops.get(i).index()).isEqualTo(expectedIndex(events.get(i)));
        }
        assertThat(ops).extracting(CreateOperation::index)
                .contains("clickstream-2026.12.31", "clickstream-2027.01.01");
        IndexBatch batch = IndexBatch.of(exchange);
        assertThat(batch.records()).containsExactlyElementsOf(records);
        assertThat(batch.rejections()).isEmpty();
        assertThat(batch.pending()).extracting(IndexBatch.Pending::record).containsExactlyElementsOf(records);
    }

    @Test
    void rejectsBadRecordsWithTheirReasonAndKeepsThemOutOfTheOperations() {
        List<ClickEvent> events = IndexingFixtures.events(3, Instant.parse("2026-11-26T05:31:02.123Z"));
        Exchange good0 = fixtures.record(ClickEventJson.toBytes(events.get(0)), 0, 10);
        Exchange malformed = fixtures.record("{\"event_id\":".getBytes(StandardCharsets.UTF_8), 0, 11);
        Exchange good1 = fixtures.record(ClickEventJson.toBytes(events.get(1)), 1, 5);
        Exchange invalid = fixtures.record(ClickEventJson.toJson(events.get(2)).replace("\"event_type\":", "\"type\":")
                .getBytes(StandardCharsets.UTF_8), 1, 6);
        Exchange notUtf8 = fixtures.record(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, 2, 0);
        Exchange tombstone = fixtures.record(null, 2, 1);
        Exchange tooLarge = fixtures.record(("{\"pad\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8), 2, 2);
        Exchange array = fixtures.record("[]".getBytes(StandardCharsets.UTF_8), 2, 3);
        Exchange exchange = fixtures.batch(List.of(good0, malformed, good1, invalid, notUtf8, tombstone, tooLarge, array));

        factory.toOperations(exchange);

        assertThat(operations(exchange)).extracting(CreateOperation::id)
                .containsExactly(events.get(0).eventId(), events.get(1).eventId());
        IndexBatch batch = IndexBatch.of(exchange);
        assertThat(batch.pending()).extracting(IndexBatch.Pending::record).containsExactly(good0, good1);
        assertThat(batch.rejections()).extracting(IndexBatch.Rejection::record)
                .containsExactly(malformed, invalid, notUtf8, tombstone, tooLarge, array);
        assertThat(batch.rejections()).extracting(IndexBatch.Rejection::reason).containsExactly(
                RejectReason.MALFORMED_JSON, RejectReason.INVALID_EVENT, RejectReason.MALFORMED_JSON,
                RejectReason.MALFORMED_JSON, RejectReason.TOO_LARGE, RejectReason.MALFORMED_JSON);
        assertThat(batch.rejections().get(1).message()).contains("event_type");
        assertThat(batch.rejections().get(2).message()).contains("UTF-8");
        assertThat(batch.rejections().get(3).message()).contains("tombstone");
        assertThat(batch.rejections()).allSatisfy(r -> {
            assertThat(r.attempts()).isZero();
            assertThat(r.errorClass()).isEqualTo(InvalidEventException.class.getName());
        });
    }

    @Test
    void aStringValueIsAcceptedAndOtherValueTypesAreMalformed() {
        ClickEvent event = IndexingFixtures.events(1, Instant.parse("2026-11-26T05:31:02.123Z")).get(0);
        Exchange text = fixtures.record(ClickEventJson.toJson(event), 0, 0);
        Exchange number = fixtures.record(42L, 0, 1);
        Exchange exchange = fixtures.batch(List.of(text, number));

        factory.toOperations(exchange);

        assertThat(operations(exchange)).extracting(CreateOperation::id).containsExactly(event.eventId());
        IndexBatch.Rejection rejection = IndexBatch.of(exchange).rejections().get(0);
        assertThat(rejection.record()).isSameAs(number);
        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejection.message()).contains("java.lang.Long");
    }

    @Test
    void emptyOrMissingBatchGivesNoOperations() {
        Exchange empty = fixtures.batch(List.of());
        factory.toOperations(empty);
        assertThat(operations(empty)).isEmpty();
        assertThat(IndexBatch.of(empty).records()).isEmpty();

        Exchange none = fixtures.batch(List.of());
        none.getMessage().setBody(null);
        factory.toOperations(none);
        assertThat(operations(none)).isEmpty();
        assertThat(IndexBatch.of(none).rejections()).isEmpty();
    }

    @Test
    void documentsAreWrittenVerbatim() throws Exception {
        List<ClickEvent> events = IndexingFixtures.events(50, Instant.parse("2026-11-26T05:31:02.123Z"));
        List<Exchange> records = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            // unusual but valid spacing and key order must survive untouched
            String text = " " + ClickEventJson.toJson(events.get(i)).replace(",", " , ") + " ";
            json.add(text);
            records.add(fixtures.record(text.getBytes(StandardCharsets.UTF_8), 0, i));
        }
        Exchange exchange = fixtures.batch(records);

        factory.toOperations(exchange);

        ObjectMapper mapper = new ObjectMapper();
        List<CreateOperation<RawValue>> ops = operations(exchange);
        assertThat(ops).hasSize(json.size());
        for (int i = 0; i < ops.size(); i++) {
            assertThat(mapper.writeValueAsString(ops.get(i).document())).isEqualTo(json.get(i));
        }
    }

    @Test
    void prettyPrintedDocumentIsCompactedForTheBulkBody() throws Exception {
        ClickEvent event = IndexingFixtures.events(1, Instant.parse("2026-11-26T05:31:02.123Z")).get(0);
        ObjectMapper mapper = new ObjectMapper();
        String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(ClickEventJson.toJson(event)));
        Exchange exchange = fixtures.batch(List.of(fixtures.record(pretty.getBytes(StandardCharsets.UTF_8), 0, 0)));

        factory.toOperations(exchange);

        String written = mapper.writeValueAsString(operations(exchange).get(0).document());
        assertThat(written).doesNotContain("\n");
        assertThat(mapper.readTree(written)).isEqualTo(mapper.readTree(pretty));
    }

    @Test
    void operationsReflectWhatIsStillPending() {
        List<ClickEvent> events = IndexingFixtures.events(4, Instant.parse("2026-11-26T05:31:02.123Z"));
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(fixtures.record(ClickEventJson.toBytes(events.get(i)), 0, i));
        }
        Exchange exchange = fixtures.batch(records);
        factory.toOperations(exchange);
        IndexBatch batch = IndexBatch.of(exchange);
        factory.pendingOperations(exchange);

        batch.retryOnly(List.of(batch.pending().get(3), batch.pending().get(1)));

        assertThat(factory.operations(batch)).extracting(CreateOperation::id)
                .containsExactly(events.get(3).eventId(), events.get(1).eventId());
    }

    @Test
    void batchIsRequiredByLaterSteps() {
        Exchange bare = fixtures.batch(List.of());
        assertThatThrownBy(() -> IndexBatch.of(bare)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(IndexBatch.PROPERTY);
    }

    @Test
    void aTimestampPastTheCalendarIsOneRejectionNotAFailedBatch() {
        // each made LocalDate throw a DateTimeException that failed the whole step, so the batch was re-polled forever
        List<String> timestamps = List.of("+999999999-12-31T23:59:59-01:00", "+1000000000-01-01T00:00:00Z",
                "-1000000000-01-01T00:00:00Z");
        List<ClickEvent> events = IndexingFixtures.events(timestamps.size() + 1, Instant.parse("2026-11-26T05:31:02.123Z"));
        List<Exchange> records = new ArrayList<>();
        for (int i = 0; i < timestamps.size(); i++) {
            String json = ClickEventJson.toJson(events.get(i)).replace(events.get(i).timestamp(), timestamps.get(i));
            assertThat(json).contains(timestamps.get(i));
            records.add(fixtures.record(json.getBytes(StandardCharsets.UTF_8), 0, i));
        }
        Exchange good = fixtures.record(ClickEventJson.toBytes(events.get(timestamps.size())), 0, timestamps.size());
        records.add(good);
        Exchange exchange = fixtures.batch(records);

        factory.toOperations(exchange);

        IndexBatch batch = IndexBatch.of(exchange);
        assertThat(batch.pending()).extracting(IndexBatch.Pending::record).containsExactly(good);
        assertThat(batch.rejections()).extracting(IndexBatch.Rejection::reason)
                .containsOnly(RejectReason.OUT_OF_RANGE).hasSize(timestamps.size());
    }

    @Test
    void anExceptionFromValidatingOneRecordRejectsThatRecordAlone() {
        List<ClickEvent> events = IndexingFixtures.events(3, Instant.parse("2026-11-26T05:31:02.123Z"));
        EventValidator real = IndexingFixtures.validator(16_384, Instant.parse("2026-11-26T06:00:00Z"));
        byte[] buggy = ClickEventJson.toBytes(events.get(1));
        AtomicInteger clockReads = new AtomicInteger();
        // a validator with a bug that throws for one record
        BulkRequestFactory withBug = new BulkRequestFactory((json, now) -> {
            if (json == buggy) {
                throw new IllegalStateException("validator bug");
            }
            return real.validate(json, now);
        }, () -> {
            clockReads.incrementAndGet();
            return real.nowMillis();
        }, new IndexNames("clickstream"), new BulkLimits(5 * 1024 * 1024, 2));
        Exchange first = fixtures.record(ClickEventJson.toBytes(events.get(0)), 0, 0);
        Exchange bad = fixtures.record(buggy, 0, 1);
        Exchange last = fixtures.record(ClickEventJson.toBytes(events.get(2)), 0, 2);
        Exchange exchange = fixtures.batch(List.of(first, bad, last));

        withBug.toOperations(exchange);

        IndexBatch batch = IndexBatch.of(exchange);
        assertThat(batch.pending()).extracting(IndexBatch.Pending::record).containsExactly(first, last);
        assertThat(batch.rejections()).hasSize(1);
        IndexBatch.Rejection rejection = batch.rejections().get(0);
        assertThat(rejection.record()).isSameAs(bad);
        assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(rejection.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(rejection.message()).contains("validator bug");
        assertThat(clockReads).as("the clock is read once per batch").hasValue(1);
    }
}
