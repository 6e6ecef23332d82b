package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.app.LastGoodRoutesReloadStrategy;
import clickstream.observe.PipelineMetrics;

/**
 * Editing routes/indexer.camel.yaml while the app runs: a good edit takes effect without a restart, a broken one (YAML that
 * does not parse, or a route that cannot be built) is recorded and the last good routes keep indexing, and no event
 * is lost or duplicated across the reloads.
 */
class LiveReloadIT extends PipelineTestSupport {

    private static final String EDIT_MOCK = "mock:live-edit?retainFirst=1";
    // the last step of the indexer route (its commit step); the good edit adds a step after it
    private static final String LAST_STEP = "            method: commit\n";

    @TempDir
    Path workDir;

    @Test
    void editsApplyLiveAndABrokenEditKeepsTheLastGoodRoutes() throws Exception {
        // the app reads file:routes/*.camel.yaml relative to the working directory: give it a copy it may edit
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path indexerYaml = routes.resolve("indexer.camel.yaml");
        String original = Files.readString(indexerYaml);
        assertThat(original).as("routes/indexer.camel.yaml ends its indexer route with pipelineMetrics.batchDone").contains(LAST_STEP);

        TestNames names = names("live-reload");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "300");
        props.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        props.put("camel.main.routes-reload-directory", routes.toString());
        try (RunningApp app = startApp(props)) {
            CamelContext context = app.context();
            PipelineMetrics metrics = app.metrics();
            RouteWatcherReloadStrategy reloader = context.hasService(RouteWatcherReloadStrategy.class);
            assertThat(reloader).as("live reload is on by default").isNotNull();
            assertThat(reloader.getResourceReload()).isInstanceOf(LastGoodRoutesReloadStrategy.class);
            assertThat(reloader.isRemoveAllRoutes()).as("the Java routes are kept").isFalse();
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.indexed() > 0);
            assertThat(context.hasEndpoint(EDIT_MOCK)).isNull();

            // 1. a good edit: every batch also goes to a mock endpoint after its commit step, with no restart
            String goodEdit = original.replace(LAST_STEP, LAST_STEP + "        - to: \"" + EDIT_MOCK + "\"\n");
            write(indexerYaml, goodEdit);
            await().atMost(Duration.ofMinutes(1)).until(() -> reloader.getReloadCounter() == 1);
            await().atMost(Duration.ofMinutes(1)).until(() -> receivedByEditMock(context) > 0);
            assertThat(reloader.getFailedCounter()).isZero();
            assertThat(context.getRoute("generator").getUptimeMillis())
                    .as("the Java routes were not reloaded").isGreaterThan(context.getRoute("indexer").getUptimeMillis());

            // 2. a route that cannot be built (unknown bean): recorded, and the edited routes keep running
            write(indexerYaml, goodEdit.replace("ref: batchOffsetCommitter", "ref: noSuchBean"));
            await().atMost(Duration.ofMinutes(1)).until(() -> reloader.getFailedCounter() == 1);
            assertThat(reloader.getLastError()).hasStackTraceContaining("noSuchBean");
            assertStillIndexingWithTheEdit(context, metrics);

            // 3. YAML that does not parse: the same
            write(indexerYaml, goodEdit + "- route:\n    id: broken\n    from: [unclosed\n");
            await().atMost(Duration.ofMinutes(1)).until(() -> reloader.getFailedCounter() == 2);
            assertStillIndexingWithTheEdit(context, metrics);

            // 4. back to the original file: it applies again, the mock step is gone
            write(indexerYaml, original);
            await().atMost(Duration.ofMinutes(1)).until(() -> reloader.getReloadCounter() == 2);
            assertThat(context.getRouteController().getRouteStatus("indexer")).isEqualTo(ServiceStatus.Started);
            assertThat(indexerDefinition(context)).doesNotContain("mock:");

            // nothing lost, nothing twice: everything produced ends up indexed exactly once
            context.getRouteController().stopRoute("generator");
            long produced = metrics.produced();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> search.count(names.indexPattern()) == produced);
            assertThat(kafka.endOffsets(names.topic())).isEqualTo(produced);
        }
    }

    private void assertStillIndexingWithTheEdit(CamelContext context, PipelineMetrics metrics) {
        assertThat(context.getRouteController().getRouteStatus("indexer")).isEqualTo(ServiceStatus.Started);
        assertThat(context.getRouteController().getRouteStatus("bulk-index")).isEqualTo(ServiceStatus.Started);
        assertThat(indexerDefinition(context)).contains("mock:live-edit");
        long indexed = metrics.indexed();
        await().atMost(Duration.ofMinutes(1)).until(() -> metrics.indexed() > indexed && receivedByEditMock(context) > 0);
    }

    private static String indexerDefinition(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition("indexer").toString();
    }

    private static int receivedByEditMock(CamelContext context) {
        MockEndpoint mock = context.hasEndpoint(EDIT_MOCK) instanceof MockEndpoint m ? m : null;
        return mock == null ? 0 : mock.getReceivedCounter();
    }

    /** Replaces the file in one step, as an editor's save does, so the watcher never reads half a file. */
    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
