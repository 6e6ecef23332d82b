package clickstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The benchmark harness end to end on tiny sizes (2,000 events, 5 s windows, one warm-up and one repeat of every
 * phase): every figure is produced and written to results.json. It asserts nothing about speed: timings on a shared build machine prove nothing.
 */
class BenchmarkSmokeIT {

    @Test
    void everyFigureIsProduced() throws Exception {
        Path out = Path.of("target", "bench-smoke").toAbsolutePath();
        Map<String, Object> results = Benchmark.run(BenchConfig.smoke(out));

        Map<String, Object> summary = Report.map(results.get("summary"));
        for (String figure : List.of("raw_ceiling_events_per_s", "raw_ceiling_ingest_timestamp_events_per_s",
                "ingest_timestamp_cost_pct", "reference_events_per_s", "drain_events_per_s", "drain_vs_reference",
                "app_cpu_ms_per_1000", "reference_client_cpu_ms_per_1000", "drain_services_cpu_ms_per_1000",
                "reference_vs_ceiling", "drain_vs_ceiling", "seed_events_per_s", "drain_vs_seed", "jit_cpu_pct_max",
                "generator_events_per_s", "generator_with_json_events_per_s", "producer_events_per_s", "latency_p50_s",
                "latency_p95_s", "latency_p99_s", "app_heap_used_peak_mib", "app_heap_after_gc_peak_mib", "app_rss_peak_mib",
                "startup_s")) {
            assertThat(summary.get(figure)).as(figure).isInstanceOf(Number.class);
        }
        for (String rate : List.of("raw_ceiling_events_per_s", "reference_events_per_s", "drain_events_per_s",
                "seed_events_per_s", "generator_events_per_s", "producer_events_per_s", "startup_s", "app_heap_used_peak_mib",
                "app_cpu_ms_per_1000")) {
            assertThat(((Number) summary.get(rate)).doubleValue()).as(rate).isPositive();
        }
        // every phase: one warm-up run, then the same number of repeats, each run kept with its clock and CPU
        for (String phase : List.of("ceiling", "ceiling_ingest_timestamp", "producer", "reference", "drain", "seed")) {
            assertThat(Report.map(results.get("warmup"))).as(phase).containsKey(phase);
            assertThat(Report.runs(results, phase)).as(phase).hasSize(1).allSatisfy(run -> {
                assertThat(run.get("repeat")).isEqualTo(1);
                assertThat(Report.map(run.get("cpu_ms_per_1000_events")).get("client_jvm")).isInstanceOf(Number.class);
            });
        }
        // the drain's clock starts at its first fetched record, after the app started and joined the group
        assertThat(Report.number(Report.runs(results, "drain").get(0), "routes_started_to_first_fetch_s")).isNotNegative();
        // every document of the latency run had an indexed_at from the ingest pipeline and was seen by a poll
        assertThat(((Number) Report.map(results.get("latency")).get("samples")).intValue()).isPositive();
        assertThat(Report.runs(results, "targets")).hasSize(6)
                .allSatisfy(target -> assertThat(target.get("value")).as(String.valueOf(target.get("name"))).isNotNull());

        JsonNode written = SearchNode.JSON.readTree(Files.readString(out.resolve("results.json")));
        assertThat(written.at("/summary/drain_events_per_s").asLong()).isPositive();
        assertThat(written.at("/drain_vs_reference").isNumber()).isTrue();
        assertThat(written.at("/app_cpu_ms_per_1000").isNumber()).isTrue();
        assertThat(written.at("/machine/cores").asInt()).isPositive();
        assertThat(Report.table(results)).contains("raw ceiling", "reference consumer", "pipeline drain", "seed design", "latency", "start-up");
    }
}
