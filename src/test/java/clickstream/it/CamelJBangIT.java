package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.embedded.Ports;
import clickstream.observe.IndexerReadinessCheck;
import clickstream.observe.OpenSearchHealthCheck;
import clickstream.observe.RetentionHealthCheck;

/**
 * The README's Camel JBang command, read from README.md and run exactly as written from the project folder, as a user
 * would with nothing else running: it starts the embedded Kafka and OpenSearch itself, runs the whole pipeline, and
 * answers with the same readiness checks, meters and live page as {@code mvn camel:run} (ObservabilityIT). Only the
 * environment differs: free ports and a data folder of its own (EMBEDDED_*, HTTP_PORT), so it never meets a running
 * app. The app's jar comes from ~/.m2, installed by the pom before the integration tests (jbang-catalog.json).
 */
class CamelJBangIT {

    private static final Pattern README_BLOCK = Pattern.compile(
            "<!-- jbang-run:[^>]*-->(.*?)<!-- /jbang-run -->", Pattern.DOTALL);
    private static final Pattern FENCED = Pattern.compile("```bash\\s*\\n(.*?)```", Pattern.DOTALL);

    private final Path project = Path.of("").toAbsolutePath();

    @Test
    void theReadmeCommandRunsThePipelineWithItsOwnEmbeddedServices() throws Exception {
        List<String> command = readmeCommand();
        int kafkaPort = Ports.freePort();
        int openSearchPort = Ports.freePort();
        int httpPort = Ports.freePort();
        Path dataDir = project.resolve("target/camel-jbang-it/embedded");
        SharedServices.deleteRecursively(dataDir); // no documents from an earlier run
        Path log = project.resolve("target/camel-jbang-it/camel-run.log");
        Files.createDirectories(log.getParent());

        // the command's `jbang`, found as the shell would (Java looks a program up on the test's PATH, not the child's)
        Path jbang = jbangDirectory();
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, jbang.resolve(command.get(0)).toString());
        ProcessBuilder builder = new ProcessBuilder(resolved).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // nothing configured: the embedded services, as for a user with nothing else running
        env.remove("KAFKA_BROKERS");
        env.remove("OPENSEARCH_HOSTS");
        env.put("EMBEDDED_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("EMBEDDED_OPENSEARCH_PORT", String.valueOf(openSearchPort));
        env.put("EMBEDDED_DATA_DIR", dataDir.toString());
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("JDK_JAVA_OPTIONS", "-Xmx1536m");
        env.put("PATH", jbang + File.pathSeparator + env.getOrDefault("PATH", ""));

        OpenSearchProbe search = new OpenSearchProbe("http://localhost:" + openSearchPort);
        AppHttp http = new AppHttp(httpPort);
        Process camel = builder.start();
        try {
            // JBang resolves the app's jar and Camel's, then both services start: minutes on a busy 2-core machine.
            // ignoreExceptions: nothing listens until then, and a new index answers 503 until its shard is allocated
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> !camel.isAlive() || search.count("clickstream-*") >= 500);
            assertThat(camel.isAlive()).as("`%s` is still running (its output: %s)", String.join(" ", command), log)
                    .isTrue();

            String output = Files.readString(log);
            assertThat(output).as("its output, %s", log).contains(
                    "Embedded Kafka broker (KRaft) on localhost:" + kafkaPort,
                    "Embedded OpenSearch node on http://localhost:" + openSearchPort,
                    "Started generator (timer://clickstream-generator)",
                    "Started indexer (kafka://clickstream)",
                    "Started bulk-index (direct://bulk-index)");
            // the start-up work ran: the topic with the configured partitions, the index template
            assertThat(new KafkaTestClient("localhost:" + kafkaPort).partitions("clickstream")).isEqualTo(6);
            assertThat(search.get("/_index_template/clickstream").path("index_templates")).hasSize(1);

            // the same readiness checks, meters and live page as under mvn camel:run
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> http.get("/observe/health/ready?exposureLevel=full").status() == 200);
            JsonNode checks = http.get("/observe/health/ready?exposureLevel=full").json().path("checks");
            List<String> names = new ArrayList<>();
            checks.forEach(check -> names.add(check.path("name").asText()));
            assertThat(names).contains(OpenSearchHealthCheck.ID, IndexerReadinessCheck.ID, RetentionHealthCheck.ID,
                    "consumer:indexer", "route:indexer", "route:generator");
            checks.forEach(check -> assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("UP"));
            String metrics = http.get("/observe/metrics").body();
            for (String meter : List.of("clickstream_events_produced_total", "clickstream_events_indexed_total",
                    "clickstream_events_dead_lettered_total", "clickstream_retries_total{",
                    "clickstream_bulk_duration_seconds_bucket{", "clickstream_consumer_lag{")) {
                assertThat(metrics).as(meter).contains(meter);
            }
            AppHttp.Answer page = http.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
            assertThat(http.get("/api/counters").status()).isEqualTo(200);
        } finally {
            stop(camel);
        }
    }

    /** The one command in README.md's jbang-run block, split into words as a shell would (it has no quotes). */
    private List<String> readmeCommand() throws IOException {
        Matcher block = README_BLOCK.matcher(Files.readString(project.resolve("README.md")));
        assertThat(block.find()).as("README.md has a <!-- jbang-run --> block").isTrue();
        Matcher fenced = FENCED.matcher(block.group(1));
        assertThat(fenced.find()).as("the jbang-run block has a ```bash block").isTrue();
        List<String> lines = fenced.group(1).lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        assertThat(lines).as("the jbang-run block's commands").hasSize(1);
        assertThat(lines.get(0)).startsWith("jbang camel run ").doesNotContain("\"", "'", "\\", "$");
        return Arrays.asList(lines.get(0).split("\\s+"));
    }

    /**
     * Where {@code jbang} is: on PATH (CI's .ci/run installs it), else installed into target/ by jbang/install-jbang, the
     * installer docs/run-modes.md gives users without JBang.
     */
    private Path jbangDirectory() throws IOException, InterruptedException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "jbang"))) {
                return Path.of(dir);
            }
        }
        Path bin = project.resolve("target/jbang-bin");
        if (!Files.isExecutable(bin.resolve("jbang"))) {
            Process install = new ProcessBuilder(project.resolve("jbang/install-jbang").toString(), bin.toString())
                    .directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(project.resolve("target/jbang-install.log").toFile()).start();
            assertThat(install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0)
                    .as("jbang/install-jbang (target/jbang-install.log)").isTrue();
        }
        return bin;
    }

    /** SIGTERM (Camel stops gracefully, the embedded services close), then whatever is left is killed. */
    private static void stop(Process camel) throws InterruptedException {
        List<ProcessHandle> children = camel.descendants().toList();
        camel.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!camel.waitFor(90, TimeUnit.SECONDS)) {
            camel.destroyForcibly().waitFor();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
