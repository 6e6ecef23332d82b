package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The live page in a real (headless) browser: served by the app, drawn from the app's /api endpoints, with the
 * generator running (and session documents written by the test, the sessions route not being part of it). Leaves a
 * screenshot in target/screenshots/live-dashboard.png.
 */
class LiveDashboardIT extends PipelineTestSupport {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CHARTS = List.of("chart-event-types", "chart-volume", "chart-top-users",
            "chart-device-category", "chart-engagement-category", "chart-engagement-device", "chart-session-lengths");
    /** Its own fixed windows (the last 15 min against the hour before), whatever the page's range. */
    private static final String TRENDING = "chart-trending";

    /** What the page shows, read from the DOM attributes dashboard.js sets after drawing. */
    private static final String READ_PAGE = """
            const charts = {};
            document.querySelectorAll('.chart').forEach(c => charts[c.id] =
                {points: Number(c.getAttribute('data-points') || 0), range: c.getAttribute('data-range') || ''});
            const counters = {};
            document.querySelectorAll('[id^="counter-"], [id^="sessions-"]')
                .forEach(c => counters[c.id] = c.getAttribute('data-value'));
            const velocities = (document.getElementById('chart-trending').getAttribute('data-velocities') || '')
                .split(' ').filter(v => v);
            return {charts, counters, velocities, title: document.title, location: window.location.href,
                    error: document.getElementById('error').textContent,
                    status: document.getElementById('status').getAttribute('data-state')};
            """;

    @Test
    void pageDrawsEveryChartAndTheCountersFromTheApp() throws Exception {
        HeadlessChromium.requireOrSkip();
        TestNames names = names("live-page");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "500");
        int port = Integer.parseInt(props.get("http.port"));
        try (RunningApp app = startApp(props);
                HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromium"), 1440, 1900)) {
            // three records that can never be indexed, so the dead-letter counter has something to show
            kafka.produce(names.topic(), List.of(record("bad-1", "not json"), record("bad-2", "{\"event_id\":42}"),
                    record("bad-3", "[]")));
            // the sessions route is not part of this test: three session documents of its form, one a bounce
            Instant last = Instant.now().minusSeconds(30);
            indexSessionsDirectly(names, List.of(sessionDocument("live-1", last, 12_000, true, "open", false),
                    sessionDocument("live-2", last, 75_000, false, "open", false),
                    sessionDocument("live-3", last, 200_000, false, "logout", false)));

            browser.open("http://127.0.0.1:" + port + "/");
            // generous: a loaded machine can take a minute over the first bulk request of a new index
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> everythingShown(browser.script(READ_PAGE), "15m"));

            JsonNode page = browser.script(READ_PAGE);
            assertThat(page.path("title").asText()).contains("clickstream");
            for (String chart : CHARTS) {
                assertThat(page.path("charts").path(chart).path("points").asInt()).as(chart).isPositive();
            }
            JsonNode counters = page.path("counters");
            assertThat(counters.path("counter-indexed").asLong()).isPositive();
            assertThat(counters.path("counter-dead-lettered").asLong()).isEqualTo(3);
            assertThat(counters.path("counter-in-rate").asDouble()).isPositive();
            assertThat(counters.path("counter-out-rate").asDouble()).isPositive();
            assertThat(counters.path("counter-lag").asText()).matches("\\d+");
            assertThat(page.path("charts").path(TRENDING).path("points").asInt()).isPositive();
            // each trending bar is labelled with its velocity (xN.N) or "new": the first minutes have no previous hour
            assertThat(page.path("velocities")).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.asText()).matches("new|\u00d7\\d+(\\.\\d)?"));
            assertThat(counters.path("sessions-count").asLong()).isEqualTo(3);
            assertThat(counters.path("sessions-bounce-rate").asDouble()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(counters.path("sessions-average").asDouble()).isEqualTo(95.7); // (12 + 75 + 200) / 3 s
            assertThat(page.path("error").asText()).isEmpty();
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("live-dashboard.png"), browser.screenshot());

            // another range: every chart is redrawn from the server's answer for it
            browser.script("document.querySelector('button[data-range=\"1h\"]').click(); return true;");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> everythingShown(browser.script(READ_PAGE), "1h"));
            assertThat(browser.script(READ_PAGE).path("location").asText()).endsWith("?range=1h");
        }
    }

    private static boolean everythingShown(JsonNode page, String range) {
        for (String chart : CHARTS) {
            JsonNode shown = page.path("charts").path(chart);
            if (shown.path("points").asInt() == 0 || !range.equals(shown.path("range").asText())) {
                return false;
            }
        }
        if (page.path("charts").path(TRENDING).path("points").asInt() == 0) {
            return false;
        }
        JsonNode counters = page.path("counters");
        return counters.path("counter-indexed").asLong() > 0
                && counters.path("counter-dead-lettered").asLong() >= 3
                && counters.path("counter-in-rate").asDouble() > 0
                && counters.path("counter-out-rate").asDouble() > 0
                && counters.path("counter-lag").asText().matches("\\d+");
    }

    private static Map.Entry<String, byte[]> record(String key, String value) {
        return new AbstractMap.SimpleEntry<>(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
