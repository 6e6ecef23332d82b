package clickstream.dashboard;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The live page on Camel Main's embedded HTTP server ({@code http://<http.host>:<http.port>/}): the page and its
 * script, ECharts, the JSON endpoints under {@code /api/} that run the aggregations, and the sampler behind the
 * counters. Every HTTP route uses the {@code dashboard-errors} policy, and every answer carries the
 * {@link SecurityHeaders}.
 */
public final class DashboardRoutes extends RouteBuilder {

    private static final String JSON = "application/json";

    @Override
    public void configure() {
        page("/", "dashboard-page", "text/html; charset=utf-8", "load('web/index.html')");
        page("/dashboard.js", "dashboard-script", "text/javascript; charset=utf-8", "load('web/dashboard.js')");
        page("/dashboard.css", "dashboard-style", "text/css; charset=utf-8", "load('web/dashboard.css')");
        page("/vendor/echarts.min.js", "dashboard-echarts", "text/javascript; charset=utf-8", "echarts");

        api("/api/event-types", "api-event-types", "eventTypes");
        api("/api/volume", "api-volume", "volume");
        api("/api/top-users", "api-top-users", "topUsers");
        api("/api/device-category", "api-device-category", "deviceCategory");
        api("/api/trending", "api-trending", "trending");
        api("/api/engagement", "api-engagement", "engagement");
        api("/api/sessions", "api-sessions", "sessions");
        api("/api/counters", "api-counters", "counters");

        // rates and consumer lag are sampled here, so a request (or a Prometheus scrape) never waits on Kafka
        from("timer:dashboard-sampler?period={{dashboard.sample-interval}}")
                .routeId("dashboard-sampler")
                .bean("liveCounters", "sample");

        // accuracy panel: ground truth vs indexed + dead-lettered per minute, sampled off the request path
        api("/api/accuracy", "api-accuracy", "accuracyMonitor", "answer");
        from("timer:accuracy-sampler?period={{dashboard.sample-interval}}")
                .routeId("accuracy-sampler")
                .bean("accuracyMonitor", "sample");
    }

    private void page(String path, String routeId, String contentType, String method) {
        from("platform-http:" + path + "?httpMethodRestrict=GET")
                .routeId(routeId)
                .routeConfigurationId(DashboardErrorHandling.ID)
                .removeHeaders("*")
                .process(SecurityHeaders::apply)
                .setHeader(Exchange.CONTENT_TYPE, constant(contentType))
                .setHeader("Cache-Control", constant("no-cache"))
                .bean("staticResources", method);
    }

    private void api(String path, String routeId, String method) {
        api(path, routeId, "dashboardApi", method);
    }

    private void api(String path, String routeId, String bean, String method) {
        from("platform-http:" + path + "?httpMethodRestrict=GET")
                .routeId(routeId)
                .routeConfigurationId(DashboardErrorHandling.ID)
                .bean(bean, method)
                // the answer's JSON document, written by camel-jackson's data format
                .marshal().json(JsonLibrary.Jackson)
                // request headers must not echo back as response headers
                .removeHeaders("*")
                .process(SecurityHeaders::apply)
                .setHeader(Exchange.CONTENT_TYPE, constant(JSON))
                .setHeader("Cache-Control", constant("no-store"));
    }
}
