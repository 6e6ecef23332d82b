package clickstream.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.impl.event.ExchangeRedeliveryEvent;
import org.apache.camel.impl.event.ExchangeSentEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;


class PipelineEventMetersTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerLag lag = new ConsumerLag(new Properties(), "group", "topic", Clock.systemUTC());
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final PipelineMeters meters = new PipelineMeters(registry, metrics, lag);
    private final PipelineEventMeters notifier = new PipelineEventMeters(meters);

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void onlyBulkRequestsToOpenSearchAreTimed() {
        assertThat(PipelineEventMeters.isBulkEndpoint(context.getEndpoint("opensearch:test?operation=Bulk"))).isTrue();
        assertThat(PipelineEventMeters.isBulkEndpoint(context.getEndpoint("opensearch:test?operation=Search"))).isFalse();
        assertThat(PipelineEventMeters.isBulkEndpoint(context.getEndpoint("mock:bulk"))).isFalse();
    }

    @Test
    void sendsInARunningRouteAreTimedByOutcome() throws Exception {
        // a real context: Camel emits "sent" (with the time) only if a notifier accepted the "sending" event
        context.getManagementStrategy().addEventNotifier(new PipelineEventMeters(meters, e -> e instanceof MockEndpoint));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").to("mock:bulk");
                from("direct:failing").to("mock:failing").to("log:not-timed");
            }
        });
        context.start();
        context.getEndpoint("mock:failing", MockEndpoint.class)
                .whenAnyExchangeReceived(exchange -> exchange.setException(new java.net.ConnectException("refused")));
        ProducerTemplate template = context.createProducerTemplate();
        template.sendBody("direct:ok", "a");
        template.sendBody("direct:ok", "b");
        template.send("direct:failing", exchange -> exchange.getMessage().setBody("c"));

        assertThat(registry.get(PipelineMeters.BULK_DURATION).tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get(PipelineMeters.BULK_DURATION).tag("outcome", "failure").timer().count()).isEqualTo(1);
    }

    @Test
    void sentEventsAreRecordedWithTheirTime() {
        Endpoint bulk = context.getEndpoint("opensearch:test?operation=Bulk");
        Exchange ok = new DefaultExchange(context);
        Exchange failed = new DefaultExchange(context);
        failed.setException(new java.net.ConnectException("refused"));

        notifier.notify(new ExchangeSentEvent(ok, bulk, 40));
        notifier.notify(new ExchangeSentEvent(ok, bulk, 60));
        notifier.notify(new ExchangeSentEvent(failed, bulk, 5));

        assertThat(registry.get(PipelineMeters.BULK_DURATION).tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(registry.get(PipelineMeters.BULK_DURATION).tag("outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
        assertThat(registry.get(PipelineMeters.BULK_DURATION).tag("outcome", "failure").timer().count()).isEqualTo(1);
    }

    @Test
    void redeliveriesAreCountedByTheRouteTheExchangeStartedIn() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromRouteId("indexer");
        notifier.notify(new ExchangeRedeliveryEvent(exchange, 1));
        notifier.notify(new ExchangeRedeliveryEvent(exchange, 2));
        assertThat(registry.get(PipelineMeters.RETRIES).tag("route", "indexer").counter().count()).isEqualTo(2.0);
    }

    @Test
    void totalsAndLagAreReadFromTheirSources() {
        metrics.produced(7);
        assertThat(registry.get(PipelineMeters.PRODUCED).functionCounter().count()).isEqualTo(7.0);
        assertThat(registry.get(PipelineMeters.INDEXED).functionCounter().count()).isZero();
        assertThat(registry.get(PipelineMeters.CONSUMER_LAG).tag("group", "group").gauge().value()).isNaN();
    }
}
