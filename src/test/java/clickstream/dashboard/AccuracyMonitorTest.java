package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.TruthMinute;

/** The accuracy panel's books: ground truth per minute against indexed + dead-lettered. */
class AccuracyMonitorTest {

    private static final long T0 = Instant.parse("2026-12-03T14:05:00Z").toEpochMilli();
    private static final long T1 = T0 + 60_000;
    private static final long LATE_MINUTE = T0 - 10 * 60_000;
    private static final long NOW = T1 + 5 * 60_000;

    private static TruthMinute truth(String run, long minute, long events, Map<String, Long> chaos, Map<Instant, Long> lateTo) {
        long duplicates = chaos.getOrDefault("duplicate", 0L);
        return new TruthMinute(run, Instant.ofEpochMilli(minute), events, events + duplicates, Map.of("view", events), 3, 0,
                chaos, lateTo, false);
    }

    @Test
    void aMinuteBalancesWhenEveryEventIsIndexedOrDeadLettered() {
        AccuracyMonitor.Book book = new AccuracyMonitor.Book();
        // two runs in T0; run a: 2 malformed (dead-lettered), 1 late (indexed 10 minutes earlier), 3 duplicates (409s)
        book.truth(truth("a", T0, 100, Map.of("malformed", 2L, "late", 1L, "duplicate", 3L),
                Map.of(Instant.ofEpochMilli(LATE_MINUTE), 1L)));
        book.truth(truth("b", T0, 50, Map.of(), Map.of()));
        book.truth(truth("a", T1, 80, Map.of(), Map.of()));
        book.deadLetter(T0, "0@1", "malformed");
        book.deadLetter(T0, "0@2", "malformed");
        book.deadLetter(T0, "0@2", "malformed"); // dead-lettered twice (redelivery): one source record
        ObjectNode snapshot = book.snapshot(Map.of(T0, 147L, T1, 75L, LATE_MINUTE, 1L), T0 - 30 * 60_000, NOW);

        JsonNode t0 = snapshot.path("minutes").get(0);
        assertThat(t0.path("sent").asLong()).isEqualTo(150);
        assertThat(t0.path("expected").asLong()).isEqualTo(149);
        assertThat(t0.path("deadLettered").asLong()).isEqualTo(2);
        assertThat(t0.path("missing").asLong()).isZero();
        assertThat(t0.path("runs").asInt()).isEqualTo(2);
        assertThat(t0.path("deadLetteredChaos").path("malformed").asLong()).isEqualTo(2);
        JsonNode t1 = snapshot.path("minutes").get(1);
        assertThat(t1.path("missing").asLong()).isEqualTo(5);
        // the late record's minute has no truth of its own: only its late-in, so it is not listed but not untracked
        JsonNode totals = snapshot.path("totals");
        assertThat(totals.path("missing").asLong()).isEqualTo(5);
        assertThat(totals.path("extra").asLong()).isZero();
        assertThat(totals.path("chaos").path("malformed").asLong()).isEqualTo(2);
        assertThat(totals.path("deadLetteredChaos").path("malformed").asLong()).isEqualTo(2);
        assertThat(totals.path("accountedPercent").asDouble()).isEqualTo(97.8); // (147 + 75 + 2) of (149 + 80)
        assertThat(snapshot.has("pending")).isFalse();
    }

    @Test
    void documentsOfMinutesWithoutTruthAreUntrackedAndOldMinutesArePruned() {
        AccuracyMonitor.Book book = new AccuracyMonitor.Book();
        book.truth(truth("a", T0, 10, Map.of(), Map.of()));
        ObjectNode snapshot = book.snapshot(Map.of(T0, 12L, T1, 7L), T0, NOW);
        assertThat(snapshot.path("totals").path("extra").asLong()).isEqualTo(2);
        assertThat(snapshot.path("totals").path("untracked").asLong()).isEqualTo(7);
        book.prune(T1);
        assertThat(book.snapshot(Map.of(), T1, NOW).path("minutes")).isEmpty();
        assertThat(book.snapshot(Map.of(), T1, NOW).path("pending").asText()).contains("no ground truth");
    }

    @Test
    void theNewestMinuteIsNotCalledMissingBeforeItSettles() {
        AccuracyMonitor.Book book = new AccuracyMonitor.Book();
        book.truth(truth("a", T1, 10, Map.of(), Map.of()));
        ObjectNode snapshot = book.snapshot(Map.of(T1, 4L), T0, T1 + 65_000);
        assertThat(snapshot.path("minutes").get(0).path("settled").asBoolean()).isFalse();
        assertThat(snapshot.path("totals").path("missing").asLong()).isZero();
    }

    @Test
    void theIndexedCountsComeFromAMinuteHistogram() throws Exception {
        ObjectNode query = AccuracyMonitor.indexedQuery(T0, NOW);
        assertThat(query.path("aggs").path("minutes").path("date_histogram").path("fixed_interval").asText()).isEqualTo("1m");
        JsonNode answer = DashboardQueries.JSON.readTree("{\"_shards\":{\"failed\":0},\"aggregations\":{\"minutes\":{\"buckets\":["
                + "{\"key\":" + T0 + ",\"doc_count\":5},{\"key\":" + T1 + ",\"doc_count\":7}]}}}");
        assertThat(AccuracyMonitor.indexedCounts(answer)).containsEntry(T0, 5L).containsEntry(T1, 7L);
    }
}
