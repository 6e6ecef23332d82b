package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.config.Settings;
import clickstream.generator.ChaosInjector;
import clickstream.generator.ChaosInjector.Kind;
import clickstream.generator.GeneratorRoute;
import clickstream.model.TruthMinute;
import clickstream.reconcile.Reconciler;
import clickstream.reconcile.Reconciliation;

/**
 * The ground truth against the real pipeline: with the chaos switch on and {@code generator.max-events}, the accuracy
 * panel ({@code /api/accuracy}, and the live page drawing it) accounts for every event of every minute, indexed or
 * dead-lettered, and for every injected bad record; the reconciliation reads the same truth.
 */
class AccuracyIT extends PipelineTestSupport {

    private static final int EVENTS = 4_000;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String READ_PANEL = """
            const value = id => document.getElementById(id).getAttribute('data-value');
            const chart = document.getElementById('chart-accuracy');
            return {points: Number(chart.getAttribute('data-points')), missing: value('accuracy-missing'),
                    extra: value('accuracy-extra'), sent: value('accuracy-sent'), chaos: value('accuracy-chaos'),
                    deadLettered: value('accuracy-dead-lettered'), note: document.getElementById('accuracy-note').textContent};
            """;

    @Test
    void theAccuracyPanelAccountsForEveryEventAndEveryInjectedBadRecord() throws Exception {
        HeadlessChromium.requireOrSkip();
        TestNames names = names("accuracy");
        Map<String, String> props = properties(names);
        String truthTopic = names.topic() + ".truth";
        props.put("generator.truth-topic", truthTopic);
        props.put("generator.rate", "1000");
        props.put("generator.max-events", String.valueOf(EVENTS));
        props.put("generator.chaos.fraction", "0.05");
        props.put("generator.chaos.kinds", "malformed,missing-field,duplicate,late");
        int port = Integer.parseInt(props.get("http.port"));
        try (RunningApp app = startApp(props);
                HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromium"), 1440, 1400)) {
            AppHttp http = new AppHttp(port);
            // the generator stops by itself; its last, partial minute of truth goes out at once
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.metrics().produced() >= EVENTS);
            long produced = app.metrics().produced();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == produced);
            ChaosInjector chaos = app.context().getRegistry().lookupByNameAndType("chaosInjector", ChaosInjector.class);
            Map<Kind, Long> injected = chaos.injected();
            assertThat(injected.values()).allSatisfy(count -> assertThat(count).isPositive());
            long broken = injected.get(Kind.MALFORMED) + injected.get(Kind.MISSING_FIELD);

            // the panel's answer: every minute balances, the totals are the generator's
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonNode answer = http.get("/api/accuracy").json();
                JsonNode totals = answer.path("totals");
                boolean everyMinute = answer.path("minutes").size() > 0;
                for (JsonNode minute : answer.path("minutes")) {
                    everyMinute &= minute.path("missing").asLong(-1) == 0;
                }
                return everyMinute && totals.path("sent").asLong() == EVENTS && totals.path("deadLettered").asLong() == broken;
            });
            JsonNode answer = http.get("/api/accuracy").json();
            for (JsonNode minute : answer.path("minutes")) {
                assertThat(minute.path("indexed").asLong() + minute.path("deadLettered").asLong())
                        .as("minute %s", minute.path("time").asText())
                        .isEqualTo(minute.path("expected").asLong())
                        // late records were sent 1 to 48 hours back, out of the window: only their leaving shows
                        .isEqualTo(minute.path("sent").asLong() - minute.path("lateOut").asLong());
                assertThat(minute.path("runs").asInt()).isEqualTo(1);
            }
            JsonNode totals = answer.path("totals");
            assertThat(totals.path("missing").asLong()).isZero();
            assertThat(totals.path("extra").asLong()).isZero();
            assertThat(totals.path("untracked").asLong()).isZero();
            long records = 0;
            for (JsonNode minute : answer.path("minutes")) {
                records += minute.path("records").asLong();
            }
            assertThat(records).as("records sent per truth = records produced").isEqualTo(produced);
            for (Kind kind : Kind.values()) {
                assertThat(totals.path("chaos").path(kind.code()).asLong()).as(kind.code()).isEqualTo(injected.get(kind));
            }
            // every malformed and missing-field record is a dead letter of its kind, in the minute it was sent in
            assertThat(totals.path("deadLetteredChaos").path("malformed").asLong()).isEqualTo(injected.get(Kind.MALFORMED));
            assertThat(totals.path("deadLetteredChaos").path("missing-field").asLong())
                    .isEqualTo(injected.get(Kind.MISSING_FIELD));
            assertThat(totals.path("deadLetteredChaos").has("duplicate")).isFalse();

            // the live page shows the same
            browser.open("http://127.0.0.1:" + port + "/");
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode panel = browser.script(READ_PANEL);
                return panel.path("points").asInt() == answer.path("minutes").size()
                        && String.valueOf(EVENTS).equals(panel.path("sent").asText());
            });
            JsonNode panel = browser.script(READ_PANEL);
            assertThat(panel.path("missing").asText()).isEqualTo("0");
            assertThat(panel.path("extra").asText()).isEqualTo("0");
            assertThat(panel.path("deadLettered").asText()).isEqualTo(String.valueOf(broken));
            assertThat(panel.path("chaos").asText()).isEqualTo(broken + "/" + broken);
            assertThat(panel.path("note").asText()).contains("1 generator run");
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("accuracy-panel.png"), browser.screenshot());

            // the reconciliation reads the same truth
            try (Reconciler reconciler = Reconciler.create(app.context())) {
                Reconciliation books = reconciler.reconcile(Reconciler.Scope.of(Settings.of(app.context())),
                        OptionalLong.of(injected.get(Kind.DUPLICATE)), Optional.of(truthTopic));
                assertThat(books.balanced()).isTrue();
                assertThat(books.truth()).hasValueSatisfying(truth -> {
                    assertThat(truth.events()).isEqualTo(EVENTS);
                    assertThat(truth.records()).isEqualTo(produced);
                    assertThat(truth.duplicates()).isEqualTo(injected.get(Kind.DUPLICATE));
                    assertThat(truth.runs()).isEqualTo(1);
                });
                assertThat(books.truthDifference()).hasValue(0);
            }
        }
    }

    @Test
    void stoppingTheGeneratorPublishesItsLastPartialMinute() throws Exception {
        TestNames names = names("truth-on-stop");
        Map<String, String> props = properties(names);
        String truthTopic = names.topic() + ".truth";
        props.put("generator.truth-topic", truthTopic);
        props.put("generator.rate", "500");
        props.put("indexer.enabled", "false");
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.metrics().produced() >= 1_000);
            app.context().getRouteController().stopRoute(GeneratorRoute.ROUTE_ID);
            long produced = app.metrics().produced();
            long truthRecords = kafka.endOffsets(truthTopic);
            List<ConsumerRecord<String, byte[]>> truth = kafka.readAll(truthTopic, (int) truthRecords, Duration.ofSeconds(30));
            List<TruthMinute> minutes = truth.stream().map(r -> TruthMinute.parse(r.value()).orElseThrow()).toList();
            assertThat(minutes).isNotEmpty();
            assertThat(minutes.stream().mapToLong(TruthMinute::records).sum()).isEqualTo(produced);
            assertThat(minutes.get(minutes.size() - 1).partial()).isTrue();
            assertThat(truth).allSatisfy(r -> assertThat(r.key()).isEqualTo(minutes.get(0).runId()));
            assertThat(minutes.stream().mapToLong(TruthMinute::sessionsStarted).sum()).isPositive();
            assertThat(minutes.stream().mapToLong(m -> m.byType().getOrDefault("register", 0L)).sum()).isPositive();
        }
    }
}
