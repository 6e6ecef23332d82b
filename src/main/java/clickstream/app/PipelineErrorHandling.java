package clickstream.app;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.kafka.common.errors.RetriableException;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.TransportException;

import clickstream.indexing.DeadLetterPublisher;
import clickstream.indexing.TransientIndexingException;

/**
 * The one error policy of every route, Java or YAML: faults that pass are retried with exponential backoff, jitter
 * and a cap, on the thread that met them, so the Kafka consumer holds its position meanwhile. A refused whole
 * request (auth, a 4xx on the bulk call itself) is retried too: it is a setting or cluster problem, and
 * dead-lettering good events because of it would be worse than waiting. Records that can never
 * be indexed never reach this policy: the indexer dead-letters them item by item before committing.
 */
public final class PipelineErrorHandling extends RouteConfigurationBuilder {

    /**
     * For sub-routes that are one attempt of their caller's step (the {@code bulk-index} route): no error handler of
     * their own, so a failure propagates to the caller, whose policy retries the whole sub-route.
     */
    public static final String SINGLE_ATTEMPT = "single-attempt";

    @Override
    public void configuration() {
        // no id: Camel applies it to every route that names no other route configuration, Java and YAML alike
        routeConfiguration()
                .onException(TransientIndexingException.class, IOException.class, TimeoutException.class,
                        RetriableException.class, OpenSearchException.class, TransportException.class,
                        DeadLetterPublisher.DeadLetterException.class)
                    .maximumRedeliveries("{{retry.max-attempts}}")
                    .redeliveryDelay("{{retry.initial-delay-ms}}")
                    .useExponentialBackOff()
                    .backOffMultiplier("{{retry.multiplier}}")
                    .maximumRedeliveryDelay("{{retry.max-delay-ms}}")
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .retriesExhaustedLogLevel(LoggingLevel.ERROR)
                    .logRetryAttempted(true)
                    .logStackTrace(false)
                    .logExhaustedMessageHistory(false);

        routeConfiguration(SINGLE_ATTEMPT).errorHandler(noErrorHandler());
    }
}
