package clickstream.observe;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.opensearch.OpensearchEndpoint;
import org.apache.camel.component.opensearch.OpensearchOperation;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Feeds {@link PipelineMeters} from Camel's own events, so the routes need no timing steps: the time of every send
 * to an {@code opensearch:…?operation=Bulk} endpoint (Camel measures it, async completion included) and every
 * redelivery by the error policy.
 */
public final class PipelineEventMeters extends EventNotifierSupport {

    private final PipelineMeters meters;

    public PipelineEventMeters(PipelineMeters meters) {
        this.meters = meters;
        // only the two event kinds we count: the others cost a call per exchange for nothing
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeSendingEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent || event instanceof ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            if (sent.getEndpoint() instanceof OpensearchEndpoint endpoint
                    && endpoint.getConfiguration().getOperation() == OpensearchOperation.Bulk) {
                Exchange exchange = sent.getExchange();
                meters.bulkTimer(exchange.getException() == null ? "success" : "failure")
                        .record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
            }
        } else if (event instanceof ExchangeRedeliveryEvent redelivery) {
            String route = redelivery.getExchange().getFromRouteId();
            meters.retries(route == null ? "unknown" : route).increment();
        }
    }
}
