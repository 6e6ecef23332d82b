package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The truth topic is outside input (anyone who can produce to it): whatever its records hold, {@link TruthMinute#parse}
 * accepts a record or rejects it, never throws, and what it accepts has sane counts. What the generator writes reads
 * back equal.
 */
class TruthMinutePropertyTest {

    private static final TruthMinute SAMPLE = new TruthMinute("4b0c1f5e-0000-4000-8000-000000000001",
            Instant.parse("2026-12-03T14:05:00Z"), 5998, 6001, Map.of("view", 3801L, "login", 700L, "register", 2L), 702,
            290, Map.of("malformed", 1L, "duplicate", 3L, "late", 1L), Map.of(Instant.parse("2026-12-02T20:13:00Z"), 1L),
            false);

    @Property(tries = 3000)
    void arbitraryBytesAreAcceptedOrRejectedNeverThrown(@ForAll byte[] bytes) {
        check(TruthMinute.parse(bytes));
    }

    @Property(tries = 3000)
    void mangledTruthRecordsAreAcceptedOrRejectedNeverThrown(@ForAll("mangled") String text) {
        check(TruthMinute.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> mangled() {
        String json = new String(SAMPLE.toJson(), StandardCharsets.UTF_8);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, json.length());
        Arbitrary<String> insert = Arbitraries.of("-1", "1e400", "\"x\"", "null", "{}", "[]", "9223372036854775808",
                "\"2026-13-01T00:00:00Z\"", "\"\\u0000\"", ",", "}", "{\"a\":", "1.5", "true");
        return at.flatMap(from -> Arbitraries.integers().between(from, json.length()).flatMap(to -> insert.map(
                piece -> json.substring(0, from) + piece + json.substring(to))));
    }

    @Example
    void whatTheGeneratorWritesReadsBackEqual() {
        assertThat(TruthMinute.parse(SAMPLE.toJson())).contains(SAMPLE);
        assertThat(SAMPLE.expectedHere()).isEqualTo(5997);
    }

    @Example
    void recordsThatAreNotTruthAreRejected() {
        for (String text : new String[] {"", "null", "[]", "{}", "{\"run_id\":\"r\"}",
            "{\"run_id\":\"r\",\"minute\":\"2026-12-03T14:05:30Z\",\"events\":1,\"records\":1,\"sessions_started\":0}",
            "{\"run_id\":\"r\",\"minute\":\"2026-12-03T14:05:00Z\",\"events\":-1,\"records\":1,\"sessions_started\":0}",
            "{\"run_id\":\"r\",\"minute\":\"2026-12-03T14:05:00Z\",\"events\":1,\"records\":1,\"sessions_started\":0,"
                    + "\"chaos\":{\"<script>\":1}}"}) {
            assertThat(TruthMinute.parse(text.getBytes(StandardCharsets.UTF_8))).as(text).isEmpty();
        }
        assertThat(TruthMinute.parse(null)).isEmpty();
    }

    private static void check(Optional<TruthMinute> parsed) {
        parsed.ifPresent(minute -> {
            assertThat(minute.events()).isNotNegative();
            assertThat(minute.records()).isNotNegative();
            assertThat(minute.minute().getEpochSecond() % 60).isZero();
            assertThat(minute.byType().values()).allSatisfy(n -> assertThat(n).isNotNegative());
            assertThat(minute.chaos().keySet()).allSatisfy(k -> assertThat(k).matches("[a-z][a-z0-9_-]*"));
            assertThat(TruthMinute.parse(minute.toJson())).contains(minute);
        });
    }
}
