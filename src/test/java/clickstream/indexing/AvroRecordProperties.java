package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventAvro;
import clickstream.model.ClickEventJson;
import clickstream.model.EventFormat;
import clickstream.model.IndexNames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@code event.format=avro}: whatever bytes a record holds, the indexer's first step ({@link BulkRequestFactory}
 * with {@link AvroEventDecoder}) accepts it as the event's JSON or rejects it with a reason, never throws: arbitrary
 * bytes, valid records cut short or with a byte changed, unknown fingerprints, huge string lengths.
 */
class AvroRecordProperties {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final List<ClickEvent> BASES = IndexingFixtures.events(300, NOW.minus(Duration.ofHours(1)));
    private static final IndexingFixtures FIXTURES = new IndexingFixtures();
    private static final BulkRequestFactory FACTORY = new BulkRequestFactory(IndexingFixtures.validator(16_384, NOW),
            EventFormat.AVRO, new IndexNames("clickstream"), new BulkLimits(5 * 1024 * 1024, 2));

    @Property(tries = 2_000)
    void arbitraryBytesAreAcceptedOrRejectedNeverThrown(@ForAll("values") byte[] value) {
        Statistics.collect(settle(value));
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> valid = Arbitraries.of(BASES).map(ClickEventAvro::encode);
        Arbitrary<byte[]> header = Arbitraries.bytes().array(byte[].class).ofMaxSize(400)
                .map(tail -> concat(Arrays.copyOf(ClickEventAvro.encode(BASES.get(0)), 10), tail));
        Arbitrary<byte[]> cut = Arbitraries.of(BASES).map(ClickEventAvro::encode).flatMap(bytes ->
                Arbitraries.integers().between(0, bytes.length - 1).map(n -> Arrays.copyOf(bytes, n)));
        Arbitrary<byte[]> flipped = Arbitraries.of(BASES).map(ClickEventAvro::encode).flatMap(bytes ->
                Arbitraries.integers().between(0, bytes.length - 1).flatMap(at -> Arbitraries.bytes().map(b -> {
                    byte[] copy = bytes.clone();
                    copy[at] = b;
                    return copy;
                })));
        // a string length of up to 2^62 right after the header: nothing that size may be allocated
        Arbitrary<byte[]> huge = Arbitraries.longs().between(1L << 20, 1L << 62).map(length ->
                concat(Arrays.copyOf(ClickEventAvro.encode(BASES.get(0)), 10), zigzag(length)));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(3, header), net.jqwik.api.Tuple.of(4, cut),
                net.jqwik.api.Tuple.of(5, flipped), net.jqwik.api.Tuple.of(2, huge), net.jqwik.api.Tuple.of(2, noise));
    }

    @Example
    void aValidRecordBecomesTheJsonDocumentAndAJsonRecordIsDeadLetteredAsMalformedAvro() {
        ClickEvent event = BASES.get(3);
        assertThat(settle(ClickEventAvro.encode(event))).isEqualTo("accepted");
        Exchange json = FIXTURES.record(ClickEventJson.toBytes(event), 0, 1);
        Exchange avro = FIXTURES.record(ClickEventAvro.encode(event), 0, 2);
        Exchange exchange = FIXTURES.batch(List.of(json, avro));
        FACTORY.toOperations(exchange);
        IndexBatch batch = IndexBatch.of(exchange);
        assertThat(batch.pending()).singleElement().satisfies(p -> {
            assertThat(p.record()).isSameAs(avro);
            assertThat(p.event().document()).isEqualTo(ClickEventJson.toBytes(event));
        });
        assertThat(batch.rejections()).singleElement().satisfies(r -> {
            assertThat(r.record()).isSameAs(json);
            assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED_AVRO);
            assertThat(r.message()).contains("looks like JSON");
        });
    }

    @Example
    void anAvroEventFailingValidationGetsTheValidatorsReason() {
        ClickEvent old = IndexingFixtures.events(1, NOW.minus(Duration.ofDays(90))).get(0);
        assertThat(settle(ClickEventAvro.encode(old))).isEqualTo(RejectReason.OUT_OF_RANGE.code());
    }

    /** One record through the step: exactly one operation or one rejection by a validator, never a throw. */
    private static String settle(byte[] value) {
        Exchange exchange = FIXTURES.batch(List.of(FIXTURES.record(value, 0, 0)));
        FACTORY.toOperations(exchange);
        IndexBatch batch = IndexBatch.of(exchange);
        if (batch.rejections().isEmpty()) {
            assertThat(batch.pending()).hasSize(1);
            byte[] document = batch.pending().get(0).event().document();
            assertThat(new String(document, StandardCharsets.UTF_8)).startsWith("{\"event_id\":");
            return "accepted";
        }
        assertThat(batch.pending()).isEmpty();
        IndexBatch.Rejection rejection = batch.rejections().get(0);
        assertThat(rejection.errorClass()).as(rejection.message()).isEqualTo(InvalidEventException.class.getName());
        assertThat(rejection.message()).isNotBlank();
        return rejection.reason().code();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] zigzag(long value) {
        long raw = (value << 1) ^ (value >> 63);
        byte[] out = new byte[10];
        int n = 0;
        while ((raw & ~0x7FL) != 0) {
            out[n++] = (byte) ((raw & 0x7F) | 0x80);
            raw >>>= 7;
        }
        out[n++] = (byte) raw;
        return Arrays.copyOf(out, n);
    }
}
