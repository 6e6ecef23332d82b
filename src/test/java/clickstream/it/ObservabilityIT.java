package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** /observe/health and /observe/metrics of a running app. */
class ObservabilityIT extends PipelineTestSupport {

    @Test
    void healthIsUpAndTheMetricsCountThePipeline() throws Exception {
        TestNames names = names("observe");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "100");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        try (RunningApp app = startApp(props)) {
            // two records that can never be indexed, early, so the indexer meets them soon whatever its lag
            kafka.produce(names.topic(), List.of(
                    new AbstractMap.SimpleEntry<>("bad-1", "not json".getBytes(StandardCharsets.UTF_8)),
                    new AbstractMap.SimpleEntry<>("bad-2", "{}".getBytes(StandardCharsets.UTF_8))));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.get("/observe/health").status() == 200);
            assertThat(http.get("/observe/health").json().path("status").asText()).isEqualTo("UP");
            assertThat(http.get("/observe/health/live").status()).isEqualTo(200);

            AppHttp.Answer ready = http.get("/observe/health/ready?exposureLevel=full");
            assertThat(ready.status()).isEqualTo(200);
            JsonNode checks = ready.json().path("checks");
            assertThat(status(checks, "opensearch")).isEqualTo("UP");
            // the indexer route's consumer check runs camel-kafka's own check (DOWN while the broker is unreachable)
            assertThat(status(checks, "consumer:indexer")).isEqualTo("UP");

            String first = metrics(http);
            for (String name : List.of("clickstream_events_produced_total", "clickstream_events_indexed_total",
                    "clickstream_events_dead_lettered_total", "clickstream_retries_total{",
                    "clickstream_bulk_duration_seconds_bucket{", "clickstream_consumer_lag{")) {
                assertThat(first).as(name).contains(name);
            }
            double produced = value(first, "clickstream_events_produced_total");

            // generous: a loaded machine can take a minute over the first bulk request of a new index
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String now = metrics(http);
                assertThat(value(now, "clickstream_events_produced_total")).isGreaterThan(produced);
                assertThat(value(now, "clickstream_events_indexed_total")).isPositive();
                assertThat(value(now, "clickstream_events_dead_lettered_total")).isEqualTo(2.0);
                assertThat(value(now, "clickstream_bulk_duration_seconds_count{outcome=\"success\"}")).isPositive();
                assertThat(value(now, "clickstream_consumer_lag{")).isNotNaN();
            });
            String later = metrics(http);
            // the meters read the same totals as the log line: never ahead of them
            assertThat(value(later, "clickstream_events_indexed_total")).isPositive()
                    .isLessThanOrEqualTo(app.metrics().indexed());
            assertThat(value(later, "clickstream_events_produced_total")).isLessThanOrEqualTo(app.metrics().produced());
            assertThat(value(later, "clickstream_events_dead_lettered_total")).isEqualTo(2.0);
            // Camel's own route meters come along in the same scrape
            assertThat(later).contains("camel_exchanges_total{");
        }
    }

    private static String status(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (name.equals(check.path("name").asText())) {
                return check.path("status").asText();
            }
        }
        throw new AssertionError("no health check " + name + " in " + checks);
    }

    private static String metrics(AppHttp http) {
        AppHttp.Answer answer = http.get("/observe/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/plain");
        return answer.body();
    }

    /** The value of the first sample whose line starts with {@code prefix} (name, or name plus the start of its labels). */
    private static double value(String scrape, String prefix) {
        Matcher m = Pattern.compile("^" + Pattern.quote(prefix) + "[^ ]* (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + prefix + " in the scrape");
        }
        return Double.parseDouble(m.group(1));
    }
}
