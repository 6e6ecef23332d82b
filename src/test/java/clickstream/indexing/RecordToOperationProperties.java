package clickstream.indexing;

import clickstream.model.IndexNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever one record holds, the step that turns it into an index operation ({@link BulkRequestFactory#toOperations}
 * with the real {@link EventValidator}) accepts it or rejects it with a reason; nothing it does throws, so no record
 * can fail its batch. The main generator starts from valid events and spoils exactly one thing, so most records get
 * past the JSON parser into the field, date and range checks.
 */
class RecordToOperationProperties {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofDays(30);
    private static final Duration MAX_SKEW = Duration.ofHours(1);
    private static final int MAX_BYTES = 16_384;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = new JsonFactory();
    /** Valid events of every type, an hour before the validator's clock. */
    private static final List<ClickEvent> BASES = IndexingFixtures.events(300, NOW.minus(Duration.ofHours(1)));

    private static final IndexingFixtures FIXTURES = new IndexingFixtures();
    private static final BulkRequestFactory FACTORY =
            new BulkRequestFactory(IndexingFixtures.validator(MAX_BYTES, NOW), new IndexNames("clickstream"),
                    new BulkLimits(5 * 1024 * 1024, 2));

    // ---- the properties -----------------------------------------------------------------------------------

    @Property(tries = 1000)
    void arbitraryBytesAreAcceptedOrRejectedNeverThrown(@ForAll("bytes") byte[] value) throws IOException {
        settle(value);
    }

    @Property(tries = 1000)
    void jsonLikeTextIsAcceptedOrRejectedNeverThrown(@ForAll("jsonLike") String text) throws IOException {
        settle(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 4000)
    void anEventWithOneEdgeFieldIsAcceptedOrRejectedNeverThrown(@ForAll("edgeEvents") byte[] value) throws IOException {
        String outcome = settle(value);
        // the generator must reach every outcome, the deep ones (accepted, out_of_range) included
        Statistics.coverage(coverage -> {
            coverage.check("accepted").percentage(p -> p > 10);
            coverage.check("out_of_range").percentage(p -> p > 5);
            coverage.check("invalid_event").percentage(p -> p > 10);
            coverage.check("malformed_json").percentage(p -> p > 5);
            coverage.check("too_large").count(n -> n > 0);
        });
        assertThat(outcome).isNotNull();
    }

    /**
     * One record through the step: it must not throw, and must end as exactly one operation or one rejection by the
     * validator itself (not by the step's safety net for validator bugs). Returns the outcome for the statistics.
     */
    private static String settle(byte[] value) throws IOException {
        Exchange record = FIXTURES.record(value, 0, 0);
        Exchange exchange = FIXTURES.batch(List.of(record));

        FACTORY.toOperations(exchange);

        IndexBatch batch = IndexBatch.of(exchange);
        List<?> operations = exchange.getMessage().getBody(List.class);
        String outcome;
        if (batch.rejections().isEmpty()) {
            assertThat(batch.pending()).hasSize(1);
            assertThat(operations).hasSize(1);
            assertAcceptedAsItCame(value, batch.pending().get(0).event());
            outcome = "accepted";
        } else {
            assertThat(batch.pending()).isEmpty();
            assertThat(operations).isEmpty();
            assertThat(batch.rejections()).hasSize(1);
            IndexBatch.Rejection rejection = batch.rejections().get(0);
            assertThat(rejection.errorClass()).as(rejection.message()).isEqualTo(InvalidEventException.class.getName());
            assertThat(rejection.message()).isNotBlank();
            outcome = rejection.reason().code();
        }
        Statistics.collect(outcome);
        return outcome;
    }

    /** An accepted record is indexed as it came, on one line, in a daily index within the bounds. */
    private static void assertAcceptedAsItCame(byte[] value, ValidEvent event) throws IOException {
        byte[] document = event.document();
        assertThat(new String(document, StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("\r");
        assertThat(tokens(document)).isEqualTo(tokens(value));
        LocalDate day = LocalDate.parse(event.utcDate());
        assertThat(day).isBetween(LocalDate.ofInstant(NOW.minus(MAX_AGE), ZoneOffset.UTC),
                LocalDate.ofInstant(NOW.plus(MAX_SKEW), ZoneOffset.UTC));
        assertThat(new IndexNames("clickstream").forDate(event.utcDate())).matches("clickstream-\\d{4}\\.\\d{2}\\.\\d{2}");
    }

    /** Every token with its text as written (numbers included), to tell a changed document from the same one. */
    private static List<String> tokens(byte[] json) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                tokens.add(t + " " + parser.getText());
            }
        }
        return tokens;
    }

    // ---- generators --------------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<String> jsonLike() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-tfnrulasx \\\n\t\u0000\ufeff\ud800").ofMaxLength(200);
    }

    /** A valid event, one thing about it spoilt (or nothing), laid out compact or pretty, rarely damaged as bytes. */
    @Provide
    Arbitrary<byte[]> edgeEvents() {
        Arbitrary<List<String[]>> fields = Arbitraries.of(BASES).flatMap(base -> {
            List<String[]> valid = fieldsOf(base);
            return Arbitraries.frequencyOf(
                    Tuple.of(4, edgeTimestamps().map(t -> replaced(valid, "timestamp", quoted(t)))),
                    Tuple.of(4, Combinators.combine(Arbitraries.of(valid), edgeValues())
                            .as((field, raw) -> replaced(valid, field[0], raw))),
                    Tuple.of(2, Combinators.combine(fieldNames(), edgeValues()).as((name, raw) -> added(valid, name, raw))),
                    Tuple.of(1, Combinators.combine(Arbitraries.of(valid), edgeValues())
                            .as((field, raw) -> added(valid, field[0], raw))),
                    Tuple.of(1, Arbitraries.of(valid).map(field -> without(valid, field[0]))),
                    Tuple.of(1, Arbitraries.just(valid)));
        });
        Arbitrary<String> text = Combinators.combine(fields, Arbitraries.of(Layout.values())).as((f, layout) -> layout.write(f));
        return Combinators.combine(text, Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(Damage.NONE)),
                Tuple.of(1, Arbitraries.of(Damage.values()))), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((t, damage, where) -> damage.apply(t.getBytes(StandardCharsets.UTF_8), where));
    }

    /** Timestamps at java.time's limits and at the bounds, in every form Instant.parse knows and some it does not. */
    private static Arbitrary<String> edgeTimestamps() {
        Arbitrary<String> fixed = Arbitraries.of("+999999999-12-31T23:59:59-01:00", "+1000000000-01-01T00:00:00Z",
                "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00+18:00",
                "0000-01-01T00:00:00.000Z", "0000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "0000-02-29T12:00:00.000Z",
                "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "10000-01-01T00:00:00.000Z",
                "2026-06-30T23:59:60Z", "2026-11-27T11:59:60.000Z", "2026-11-26T24:00:00Z", "2026-11-26T24:00:00.000Z",
                "2026-11-27T12:00:00+18:00", "2026-11-27T12:00:00-18:00", "2026-11-27T12:00:00+18:01",
                "2026-11-27T12:00:00.123456789Z", "2026-11-27T12:00:00.1234567891Z", "2026-11-27t12:00:00z",
                "2026-02-29T00:00:00.000Z", "2026-11-27T12:00:00.000+00:00", "2026-11-27T12:00Z", "2026-11-27",
                "1796212800000", "", " ", "2026-11-27T12:00:00.000Z ", "２０２６-11-27T12:00:00.000Z");
        // instants around each bound and far beyond, written canonically or with an offset, to the ms or the ns
        long age = MAX_AGE.toMillis();
        long skew = MAX_SKEW.toMillis();
        Arbitrary<Long> offsets = Arbitraries.oneOf(
                Arbitraries.longs().between(-age - 5, -age + 5),
                Arbitraries.longs().between(skew - 5, skew + 5),
                Arbitraries.longs().between(-age - 86_400_000L, skew + 86_400_000L),
                Arbitraries.longs().between(-70_000_000_000_000L, 260_000_000_000_000L).map(m -> m - NOW.toEpochMilli()));
        Arbitrary<String> near = Combinators.combine(offsets, Arbitraries.integers().between(-18 * 60, 18 * 60),
                Arbitraries.of("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", "uuuu-MM-dd'T'HH:mm:ss'Z'", "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX",
                        "uuuu-MM-dd'T'HH:mm:ss.SSSXXX", "uuuu-MM-dd'T'HH:mm:ssXXX"))
                .as((offset, minutes, pattern) -> DateTimeFormatter.ofPattern(pattern)
                        .format(NOW.plusMillis(offset).plusNanos(offset & 0xFFFF)
                                .atOffset(ZoneOffset.ofTotalSeconds(pattern.endsWith("'Z'") ? 0 : minutes * 60))));
        return Arbitraries.oneOf(fixed, near);
    }

    /** A value as raw JSON text: numbers no double holds, deep nesting, strange strings, every type. */
    private static Arbitrary<String> edgeValues() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.of("1e999", "-1e999", "1e-999", "123456789012345678901234567890", "0.1", "-0", "-0.0",
                        "1.7976931348623157e309", "4.9e-325", "0", "1E+2", "NaN", "Infinity", "-Infinity", "01", "1.",
                        ".5", "+1", "0x10", "1e", "9".repeat(999), "9".repeat(1001), "0." + "0".repeat(2000) + "1"),
                Arbitraries.bigDecimals().map(Object::toString),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "null"));
        Arbitrary<String> nesting = Combinators.combine(Arbitraries.of(1, 2, 10, 999, 1000, 1001, 3000),
                Arbitraries.of(true, false)).as((depth, arrays) -> arrays
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.of("\"\\u0000\"", "\"a\\u0000b\"", "\"\\\\u0000\"", "\"\\u0001\\u001f\"", "\"\\ud800\"",
                        "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\udc00\\ud800\"", "\"\\ud83d\\ude00\"", "\"\ud83d\ude00\"",
                        "\"\\ufeff\"", "\"\ufefftech\"", "\"\\x\"", "\"\\u12G4\"", "\"\\\"\"", "\"\\/\"", "\"\"", "\" \"",
                        "\"\t\"", "\"\u0001\"", "\"\u007f\"", "\"\u2028\"", "\"tech\"", "\"login\"", "\"mobile\"",
                        "\"<img src=x onerror=alert(1)>\"", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", "\"TECH\""),
                Arbitraries.integers().between(0, 20_000).map(n -> "\"" + "x".repeat(n) + "\""),
                Arbitraries.strings().all().ofMaxLength(40).map(RecordToOperationProperties::quoted));
        Arbitrary<String> others = Arbitraries.of("null", "true", "false", "[]", "{}", "{\"a\":1}", "[1,\"x\",null]",
                "{\"a\":1,\"a\":2}", "[{\"b\":[{}]}]", "{\"a\":\"\\u0000\"}");
        return Arbitraries.frequencyOf(Tuple.of(2, numbers), Tuple.of(1, nesting), Tuple.of(4, strings), Tuple.of(1, others));
    }

    private static Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(
                Arbitraries.of("category", "article_id", "comment_text", "referrer", "user_agent", "indexed_at", "extra", "",
                        "a\\u0000", "event\\u005fid", "\\ud800"),
                Arbitraries.strings().all().ofMaxLength(12).map(s -> quoted(s).substring(1, quoted(s).length() - 1)));
    }

    /** The event's fields as [name, raw JSON value], in its own order. */
    private static List<String[]> fieldsOf(ClickEvent event) {
        try {
            List<String[]> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = MAPPER.readTree(ClickEventJson.toJson(event)).fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(new String[] {field.getKey(), MAPPER.writeValueAsString(field.getValue())});
            }
            return fields;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String[]> replaced(List<String[]> fields, String name, String raw) {
        List<String[]> copy = new ArrayList<>();
        for (String[] field : fields) {
            copy.add(field[0].equals(name) ? new String[] {name, raw} : field);
        }
        return copy;
    }

    private static List<String[]> added(List<String[]> fields, String name, String raw) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.add(new String[] {name, raw});
        return copy;
    }

    private static List<String[]> without(List<String[]> fields, String name) {
        return fields.stream().filter(f -> !f[0].equals(name)).toList();
    }

    /**
     * A JSON string literal of any Java text, lone surrogates included (as escapes, since they have no UTF-8 form);
     * other characters as they are, so raw non-ASCII reaches the bytes.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private enum Layout {
        COMPACT(",", "{", "}", ":"),
        SPACED(" , ", " { ", " } ", " : "),
        PRETTY(",\n  ", "{\n  ", "\n}", " : "),
        CRLF_TABS(",\r\n\t", "{\r\n\t", "\r\n}\r\n", ":\t");

        private final String comma;
        private final String open;
        private final String close;
        private final String colon;

        Layout(String comma, String open, String close, String colon) {
            this.comma = comma;
            this.open = open;
            this.close = close;
            this.colon = colon;
        }

        String write(List<String[]> fields) {
            StringBuilder out = new StringBuilder(open);
            for (int i = 0; i < fields.size(); i++) {
                out.append(i == 0 ? "" : comma).append('"').append(fields.get(i)[0]).append('"').append(colon)
                        .append(fields.get(i)[1]);
            }
            return out.append(close).toString();
        }
    }

    /** What can happen to a record's bytes on the way. */
    private enum Damage {
        NONE, BOM, TRUNCATED, UTF_16, TRAILING, BYTE_REPLACED, BYTE_INSERTED;

        byte[] apply(byte[] bytes, int where) {
            int at = bytes.length == 0 ? 0 : where % bytes.length;
            byte value = (byte) (where >>> 16);
            switch (this) {
                case BOM:
                    return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes);
                case TRUNCATED:
                    return java.util.Arrays.copyOf(bytes, at);
                case UTF_16:
                    return new String(bytes, StandardCharsets.UTF_8).getBytes(
                            (where & 1) == 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE);
                case TRAILING:
                    return concat(bytes, " }x".getBytes(StandardCharsets.UTF_8));
                case BYTE_REPLACED:
                    byte[] copy = bytes.clone();
                    if (copy.length > 0) {
                        copy[at] = value;
                    }
                    return copy;
                case BYTE_INSERTED:
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    return longer;
                default:
                    return bytes;
            }
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        }
    }
}
