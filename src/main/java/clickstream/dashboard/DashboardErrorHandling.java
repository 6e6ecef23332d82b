package clickstream.dashboard;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error policy of the page's HTTP routes (routeConfiguration {@code dashboard-errors}, used only by the routes
 * that name it): a bad request is a 400 with the reason, anything else (OpenSearch away, …) a 503 at once. Unlike
 * the pipeline's policy nothing is retried: a browser polling every few seconds must not hang on a retry loop.
 */
public final class DashboardErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "dashboard-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(BadRequestException.class)
                    .handled(true)
                    .removeHeaders("*") // request headers must not echo back as response headers
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(exchange -> DashboardApi.error(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "clickstream.dashboard", "${routeId}: ${exception.class.simpleName}: ${exception.message}")
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(503))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(exchange -> {
                        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        return DashboardApi.error("OpenSearch query failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    })
                .end();
    }
}
