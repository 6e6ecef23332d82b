package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes under Camel JBang: the camel CLI pinned by jbang/CamelJBang.java runs {@code routes/*} with
 * jbang/application-jbang.properties in a child JVM, against the shared embedded services, as docs/run-modes.md does.
 * The app's beans and Java routes come from this classpath instead of {@code --dep} (the artifact is not
 * installed during {@code mvn verify}); nothing is downloaded.
 */
class CamelJBangIT extends PipelineTestSupport {

    @TempDir
    Path workDir;

    @Test
    void camelRunStartsTheRoutesAndIndexesWhatTheGeneratorProduces() throws Exception {
        TestNames names = names("jbang");
        Path project = Path.of("").toAbsolutePath();
        // the working directory of `camel run`: it reads file:routes/*.camel.yaml there and keeps .camel-jbang/ there
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        List<String> routeFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(project.resolve("routes"))) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
                routeFiles.add("routes/" + file.getFileName());
            }
        }
        Path log = project.resolve("target/camel-jbang-it.log");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        Map<String, String> props = properties(names);
        props.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dgenerator.rate=200");
        command.add(project.resolve("jbang/CamelJBang.java").toString());
        command.add("run");
        command.addAll(routeFiles);
        command.add("--properties=" + project.resolve("src/main/resources/application.properties") + ","
                + project.resolve("jbang/application-jbang.properties"));
        command.add("--max-seconds=300"); // a safety net: the test stops it once it has seen enough
        command.add("--logging-color=false");
        command.add("--logging-category=org.apache.kafka=WARN");

        Process camel = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // ignoreExceptions: a new index answers 503 until its shard is allocated
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> !camel.isAlive() || search.count(names.indexPattern()) >= 1000);
            assertThat(camel.isAlive()).as("camel run is still running (its output: %s)", log).isTrue();

            String output = Files.readString(log);
            assertThat(output).as("its output, %s", log).contains(
                    "Started generator (timer://clickstream-generator)",
                    "Started indexer (kafka://" + names.topic() + ")",
                    "Started bulk-index (direct://bulk-index)");
            // the start-up work ran as a configuration: topics with the configured partitions, the index template
            assertThat(kafka.partitions(names.topic())).isEqualTo(6);
            assertThat(search.get("/_index_template/" + names.indexPrefix()).path("index_templates")).hasSize(1);
            assertThat(kafka.endOffsets(names.topic())).isGreaterThanOrEqualTo(1000);
            // the same health checks, meters and live page as under mvn camel:run
            AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> http.get("/observe/health/ready?exposureLevel=full").status() == 200);
            assertThat(http.get("/observe/health/ready?exposureLevel=full").body())
                    .contains("opensearch", "indexer", "kafka-retention");
            assertThat(http.get("/observe/metrics").body()).contains("clickstream_events_indexed_total");
            assertThat(http.get("/").status()).isEqualTo(200);
        } finally {
            camel.destroy(); // SIGTERM: Camel shuts down gracefully
            if (!camel.waitFor(60, TimeUnit.SECONDS)) {
                camel.destroyForcibly().waitFor();
            }
        }
    }
}
