package clickstream.dashboard;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error policy of the page's HTTP routes (routeConfiguration {@code dashboard-errors}, used only by the routes
 * that name it): a bad request is a 400 with the reason, anything else (OpenSearch away, …) a 503 at once. Unlike
 * the pipeline's policy nothing is retried: a browser polling every few seconds must not hang on a retry loop.
 * A 503 says only {@link #UNAVAILABLE}: the exception's message, which can hold internals (hosts, index names) or
 * text from an OpenSearch answer, goes to the log, never to the unauthenticated caller.
 */
public final class DashboardErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "dashboard-errors";
    static final String UNAVAILABLE = "not available now (the app's log says why)";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(BadRequestException.class)
                    .handled(true)
                    .removeHeaders("*") // request headers must not echo back as response headers
                    .process(SecurityHeaders::apply)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(400))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(exchange -> DashboardApi.error(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "clickstream.dashboard", "${routeId}: ${exception.class.simpleName}: ${exception.message}")
                    .removeHeaders("*")
                    .process(SecurityHeaders::apply)
                    .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(503))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(constant(DashboardApi.error(UNAVAILABLE)))
                .end();
    }
}
