package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardErrorHandlingTest {

    /** What an OpenSearch error can carry: hosts, and text out of the documents. */
    private static final String INTERNALS = "opensearch-0.internal:9200 answered 500: <img src=x onerror=alert(1)>";

    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new DashboardErrorHandling());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:fails").routeConfigurationId(DashboardErrorHandling.ID)
                        .process(exchange -> {
                            throw new IOException(INTERNALS);
                        });
                from("direct:bad").routeConfigurationId(DashboardErrorHandling.ID)
                        .process(exchange -> {
                            throw new BadRequestException("unknown range '7d': use one of 15m, 1h, 24h");
                        });
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aFailureIsA503ThatKeepsTheExceptionToTheLog() {
        Exchange answer = template.request("direct:fails", e -> e.getMessage().setHeader("X-Probe", "echo?"));
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        String body = answer.getMessage().getBody(String.class);
        assertThat(body).isEqualTo("{\"error\":\"" + DashboardErrorHandling.UNAVAILABLE + "\"}");
        assertThat(body).doesNotContain("opensearch-0", "IOException", "<img");
        assertSecurityHeaders(answer);
    }

    @Test
    void aBadRequestIsA400WithTheReason() {
        Exchange answer = template.request("direct:bad", e -> e.getMessage().setHeader("X-Probe", "echo?"));
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(answer.getMessage().getBody(String.class))
                .isEqualTo("{\"error\":\"unknown range '7d': use one of 15m, 1h, 24h\"}");
        assertSecurityHeaders(answer);
    }

    private static void assertSecurityHeaders(Exchange answer) {
        assertThat(answer.getMessage().getHeader("Content-Security-Policy", String.class)).startsWith("default-src 'self'");
        assertThat(answer.getMessage().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(answer.getMessage().getHeader("X-Probe")).isNull();
    }
}
