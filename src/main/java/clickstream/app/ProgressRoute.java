package clickstream.app;

import org.apache.camel.builder.RouteBuilder;

/** A one-line summary in the log every {@code progress.interval}, so a terminal user sees the pipeline moving. */
public final class ProgressRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:progress?period={{progress.interval}}&delay={{progress.interval}}")
                .routeId("progress")
                .autoStartup("{{progress.enabled}}")
                .bean("pipelineMetrics", "logProgress");
    }
}
