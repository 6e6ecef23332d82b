package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.dashboard.SecurityHeaders;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.Category;
import clickstream.model.ClickEvent;
import clickstream.model.DeviceType;

/** The live page's JSON endpoints and files, over HTTP, against what the pipeline really indexed. */
class DashboardApiIT extends PipelineTestSupport {

    @Test
    void endpointsAnswerTheAggregationsOfWhatWasIndexed() throws Exception {
        TestNames names = names("dashboard-api");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        try (RunningApp app = startApp(props)) {
            // before any event: empty answers, not errors
            AppHttp.Answer empty = http.get("/api/event-types?range=15m");
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.json().path("total").asLong()).isZero();
            assertThat(empty.json().path("buckets")).isEmpty();

            List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(11), Clock.systemUTC())
                    .next(2000);
            kafka.produceEvents(names.topic(), events);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) == events.size());

            Map<String, Long> byType = countBy(events, e -> e.eventType().value());
            for (String range : List.of("15m", "1h", "24h")) {
                AppHttp.Answer types = http.get("/api/event-types?range=" + range);
                assertThat(types.status()).isEqualTo(200);
                assertThat(types.contentType()).startsWith("application/json");
                assertThat(types.json().path("range").asText()).isEqualTo(range);
                assertThat(types.json().path("total").asLong()).isEqualTo(events.size());
                assertThat(keyCounts(types.json().path("buckets"))).isEqualTo(byType);

                JsonNode volume = http.get("/api/volume?range=" + range).json();
                long sum = 0;
                for (JsonNode point : volume.path("points")) {
                    sum += point.get(1).asLong();
                }
                assertThat(sum).as("events in the volume buckets for " + range).isEqualTo(events.size());
                assertThat(volume.path("points").size()).isBetween(60, 74);
            }
            assertThat(http.get("/api/volume").json().path("interval").asText()).isEqualTo("15s");
            assertThat(http.get("/api/volume?range=1h").json().path("interval").asText()).isEqualTo("1m");
            assertThat(http.get("/api/volume?range=24h").json().path("interval").asText()).isEqualTo("20m");

            Map<String, Long> byUser = countBy(events, ClickEvent::userId);
            JsonNode top = http.get("/api/top-users?range=1h&size=5").json().path("users");
            assertThat(top).hasSize(5);
            List<Long> topCounts = byUser.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(5).toList();
            assertThat(top.findValues("count").stream().map(JsonNode::asLong).toList()).isEqualTo(topCounts);
            for (JsonNode user : top) {
                assertThat(user.path("count").asLong()).isEqualTo(byUser.get(user.path("key").asText()));
            }
            assertThat(http.get("/api/top-users").json().path("users")).hasSize(10);

            JsonNode heatmap = http.get("/api/device-category?range=24h").json();
            assertThat(heatmap.path("devices")).hasSize(DeviceType.values().length);
            assertThat(heatmap.path("categories")).hasSize(Category.values().length);
            assertThat(heatmap.path("cells")).hasSize(DeviceType.values().length * Category.values().length);
            Map<String, Long> byCell = countBy(events.stream().filter(e -> e.category() != null).toList(),
                    e -> e.deviceType().value() + "/" + e.category().value());
            long max = 0;
            for (JsonNode cell : heatmap.path("cells")) {
                String key = heatmap.path("devices").get(cell.get(1).asInt()).asText() + "/"
                        + heatmap.path("categories").get(cell.get(0).asInt()).asText();
                assertThat(cell.get(2).asLong()).as(key).isEqualTo(byCell.getOrDefault(key, 0L));
                max = Math.max(max, cell.get(2).asLong());
            }
            assertThat(heatmap.path("max").asLong()).isEqualTo(max).isPositive();

            // lag and searchable count are sampled (dashboard.sample-interval), not read per request
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> http.get("/api/counters").json().path("consumerLag").asLong(-1) == 0
                            && http.get("/api/counters").json().path("searchable").asLong(-1) == events.size());
            JsonNode counters = http.get("/api/counters").json();
            assertThat(counters.path("indexed").asLong()).isEqualTo(events.size());
            assertThat(counters.path("searchable").asLong()).isEqualTo(events.size());
            assertThat(counters.path("deadLettered").asLong()).isZero();
            assertThat(counters.path("produced").asLong()).isZero();
        }
    }

    @Test
    void badRequestsAre400WithTheReasonAndOnlyThePageFilesAreServed() throws Exception {
        TestNames names = names("dashboard-bad");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("indexer.enabled", "false");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        try (RunningApp app = startApp(props)) {
            assertBadRequest(http, "/api/event-types?range=2h", "unknown range '2h': use one of 15m, 1h, 24h");
            assertBadRequest(http, "/api/volume?range=", "unknown range ''");
            assertBadRequest(http, "/api/volume?rnage=1h", "unknown parameter 'rnage' for /api/volume: use range");
            assertBadRequest(http, "/api/top-users?size=0", "size = 0 is out of range: use 1 to 50");
            assertBadRequest(http, "/api/top-users?size=ten", "size = 'ten' is not a whole number");
            assertBadRequest(http, "/api/device-category?range=1h&range=24h", "parameter 'range' is given more than once");
            assertBadRequest(http, "/api/counters?range=1h", "unknown parameter 'range' for /api/counters: it takes none");

            // request headers are never echoed back as response headers
            AppHttp.Answer answer = http.get("/api/counters", "X-Probe", "echo?");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Probe")).isEmpty();
            assertThat(http.get("/api/volume?range=5m", "X-Probe", "echo?").headers().firstValue("X-Probe")).isEmpty();

            assertThat(http.send("POST", "/api/volume").status()).isEqualTo(405);
            assertThat(http.get("/api/nothing").status()).isEqualTo(404);

            AppHttp.Answer page = http.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("vendor/echarts.min.js", "dashboard.js", "id=\"chart-volume\"");
            AppHttp.Answer script = http.get("/dashboard.js");
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.contentType()).startsWith("text/javascript");
            AppHttp.Answer style = http.get("/dashboard.css");
            assertThat(style.status()).isEqualTo(200);
            assertThat(style.contentType()).startsWith("text/css");
            AppHttp.Answer echarts = http.get("/vendor/echarts.min.js");
            assertThat(echarts.status()).isEqualTo(200);
            assertThat(echarts.body()).hasSizeGreaterThan(500_000).contains("echarts");
            // every answer of the page's routes, errors included, carries the policy and nosniff
            for (String path : List.of("/", "/dashboard.js", "/dashboard.css", "/vendor/echarts.min.js",
                    "/api/event-types", "/api/counters", "/api/volume?range=5m")) {
                AppHttp.Answer served = http.get(path);
                assertThat(served.headers().firstValue("Content-Security-Policy")).as(path)
                        .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
                assertThat(served.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            }
            // nothing else from the classpath or the working directory
            for (String path : List.of("/pom.xml", "/web/index.html", "/application.properties", "/routes/indexer.camel.yaml",
                    "/index.html")) {
                assertThat(http.get(path).status()).as(path).isEqualTo(404);
            }
        }
    }

    private static void assertBadRequest(AppHttp http, String path, String reason) {
        AppHttp.Answer answer = http.get(path, "X-Probe", "echo?");
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.contentType()).as(path).startsWith("application/json");
        assertThat(answer.json().path("error").asText()).as(path).contains(reason);
        assertThat(answer.headers().firstValue("X-Probe")).as(path).isEmpty();
    }

    private static <T> Map<String, Long> countBy(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static Map<String, Long> keyCounts(JsonNode buckets) {
        Map<String, Long> counts = new HashMap<>();
        buckets.forEach(b -> counts.put(b.path("key").asText(), b.path("count").asLong()));
        return counts;
    }
}
