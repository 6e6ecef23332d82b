package clickstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The benchmark harness end to end on tiny sizes ({@link BenchConfig#smoke}), in plain {@code mvn verify}: every
 * phase runs and results.json carries every field the full benchmark ({@code mvn -Pbench verify},
 * docs/benchmark.md) is read by. It asserts no speed: timings on a shared build machine prove nothing.
 */
class BenchmarkSmokeIT {

    @Test
    void writesResultsJsonWithEveryField() throws Exception {
        Path out = Path.of("target", "bench-smoke").toAbsolutePath();
        Benchmark.run(BenchConfig.smoke(out));

        JsonNode results = SearchNode.JSON.readTree(Files.readString(out.resolve("results.json")));
        for (String field : List.of("drain_vs_reference", "app_cpu_ms_per_1000", "latency_p99_s", "startup_to_first_doc_s",
                "avro/json_value_bytes_per_event", "avro/avro_value_bytes_per_event", "avro/json_topic_bytes_per_event",
                "avro/avro_topic_bytes_per_event", "avro/json_producer_cpu_ms_per_1000", "avro/avro_producer_cpu_ms_per_1000",
                "avro/json_indexer_cpu_ms_per_1000", "avro/avro_indexer_cpu_ms_per_1000", "avro/json_drain_events_per_s",
                "avro/avro_drain_events_per_s", "avro/avro_vs_json_drain", "summary/raw_ceiling_events_per_s",
                "summary/reference_events_per_s", "summary/seed_events_per_s", "summary/generator_events_per_s",
                "summary/app_heap_used_peak_mib", "machine/cores")) {
            assertThat(results.at("/" + field).isNumber()).as(field).isTrue();
        }
        // every repeated phase: its warm-up run and one repeat, each kept
        for (String phase : List.of("ceiling", "ceiling_ingest_timestamp", "producer", "producer_avro", "reference", "drain",
                "drain_avro", "seed")) {
            assertThat(results.at("/warmup/" + phase).isObject()).as(phase).isTrue();
            assertThat(results.path(phase).size()).as(phase).isEqualTo(1);
        }
        assertThat(results.path("targets").size()).isEqualTo(7);
    }
}
