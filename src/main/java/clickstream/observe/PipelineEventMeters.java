package clickstream.observe;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.opensearch.OpensearchEndpoint;
import org.apache.camel.component.opensearch.OpensearchOperation;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Feeds {@link PipelineMeters} from Camel's own events, so the routes need no timing steps: the time of every send
 * to an {@code opensearch:…?operation=Bulk} endpoint (Camel measures it, async completion included) and every
 * redelivery by the error policy.
 */
public final class PipelineEventMeters extends EventNotifierSupport {

    private final PipelineMeters meters;
    private final Predicate<Endpoint> timed;

    public PipelineEventMeters(PipelineMeters meters) {
        this(meters, PipelineEventMeters::isBulkEndpoint);
    }

    PipelineEventMeters(PipelineMeters meters, Predicate<Endpoint> timed) {
        this.meters = meters;
        this.timed = timed;
        // only the event kinds we use: the others would cost a call per exchange for nothing
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
    }

    static boolean isBulkEndpoint(Endpoint endpoint) {
        return endpoint instanceof OpensearchEndpoint opensearch
                && opensearch.getConfiguration().getOperation() == OpensearchOperation.Bulk;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // Camel times a send (and emits "sent") only when a notifier accepted its "sending" event
        if (event instanceof ExchangeSendingEvent sending) {
            return timed.test(sending.getEndpoint());
        }
        if (event instanceof ExchangeSentEvent sent) {
            return timed.test(sent.getEndpoint());
        }
        return event instanceof ExchangeRedeliveryEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            Exchange exchange = sent.getExchange();
            meters.bulkTimer(exchange.getException() == null ? "success" : "failure")
                    .record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
        } else if (event instanceof ExchangeRedeliveryEvent redelivery) {
            String route = redelivery.getExchange().getFromRouteId();
            meters.retries(route == null ? "unknown" : route).increment();
        }
    }
}
