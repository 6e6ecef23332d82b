package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A YAML route reloaded with an edit that parses but cannot become a route. */
class LastGoodRoutesReloadStrategyTest {

    private static final String GOOD = """
            - route:
                id: ticker
                from:
                  uri: timer:tick?period=10
                  steps:
                    - to: mock:ticks
            """;
    private static final String BROKEN = GOOD.replace("- to: mock:ticks", "- to: mock:ticks\n        - bean:\n            ref: noSuchBean");

    @TempDir
    Path dir;
    private Path file;
    private CamelContext context;

    @BeforeEach
    void startWithTheGoodRoute() throws Exception {
        file = dir.resolve("ticker.yaml");
        Files.writeString(file, GOOD);
        context = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(context).loadRoutes(resource());
        context.start();
        awaitTicks();
        Files.writeString(file, BROKEN);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void camelAloneRemovesTheRunningRouteWhenTheEditCannotBeBuilt() throws Exception {
        // what Camel 4.17 does by itself (the reason for LastGoodRoutesReloadStrategy): old route removed, new one failed
        RouteWatcherReloadStrategy camels = new RouteWatcherReloadStrategy();
        camels.setCamelContext(context);
        camels.setRemoveAllRoutes(false);
        camels.start(); // no folder: only sets up its reload callback
        ResourceReload reload = camels.getResourceReload();

        assertThatThrownBy(() -> reload.onReload(file.toString(), resource())).hasStackTraceContaining("noSuchBean");
        assertThat(context.getRoute("ticker")).isNull();
    }

    @Test
    void keepsTheLastGoodRouteRunningAndAppliesTheNextGoodEdit() throws Exception {
        LastGoodRoutesReloadStrategy reload = new LastGoodRoutesReloadStrategy(context, false);

        assertThatThrownBy(() -> reload.onReload(file.toString(), resource())).hasStackTraceContaining("noSuchBean");
        assertThat(context.getRouteController().getRouteStatus("ticker")).isEqualTo(ServiceStatus.Started);
        assertThat(context.getRoutes()).hasSize(1);
        awaitTicks();

        Files.writeString(file, GOOD.replace("mock:ticks", "mock:edited"));
        reload.onReload(file.toString(), resource());
        assertThat(context.getRoute("ticker").getEndpoint().getEndpointUri()).startsWith("timer://tick");
        await().atMost(Duration.ofSeconds(30)).until(() -> context.hasEndpoint("mock:edited") instanceof MockEndpoint m
                && m.getReceivedCounter() > 0);
    }

    private Resource resource() {
        return PluginHelper.getResourceLoader(context).resolveResource("file:" + file);
    }

    /** New ticks reach mock:ticks (looked up each time: a restored route has a new endpoint). */
    private void awaitTicks() {
        await().atMost(Duration.ofSeconds(30)).until(() -> context.hasEndpoint("mock:ticks") instanceof MockEndpoint m
                && m.getReceivedCounter() > 0);
    }
}
