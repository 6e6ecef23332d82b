package clickstream.app;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
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
 * <p>
 * Any other failure (a failed commit, a batch the commit step refuses, a bug) gets {@link #OTHER_FAILURE_REDELIVERIES}
 * delayed attempts and then fails the exchange: camel-kafka then reconnects and polls the batch again at once
 * (KafkaFetchRecords has no delay before a reconnect), so these attempts are the back-off between two polls of a
 * failing batch. A dead-letter topic that cannot be written until a setting or an ACL changes
 * ({@link DeadLetterPublisher.DeadLetterFatalException}) is not retried: the publisher has stopped the route.
 */
public final class PipelineErrorHandling extends RouteConfigurationBuilder {

    /**
     * For sub-routes that are one attempt of their caller's step (the {@code bulk-index} route): no error handler of
     * their own, so a failure propagates to the caller, whose policy retries the whole sub-route.
     */
    public static final String SINGLE_ATTEMPT = "single-attempt";

    /** Attempts after the first for a failure that is neither transient nor fatal (3 = 3.5 s at the defaults). */
    public static final int OTHER_FAILURE_REDELIVERIES = 3;

    /** Retried until they pass ({@code retry.max-attempts}), matched anywhere in the cause chain. */
    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(TransientIndexingException.class,
            IOException.class, TimeoutException.class, RetriableException.class, OpenSearchException.class,
            TransportException.class, DeadLetterPublisher.DeadLetterException.class);

    @Override
    @SuppressWarnings("unchecked")
    public void configuration() {
        // no id: Camel applies it to every route that names no other route configuration, Java and YAML alike
        RouteConfigurationDefinition policy = routeConfiguration();
        backOff(policy.onException(TRANSIENT.toArray(new Class[0])))
                    .maximumRedeliveries("{{retry.max-attempts}}");
        policy.onException(DeadLetterPublisher.DeadLetterFatalException.class)
                    .maximumRedeliveries(0)
                    // DeadLetterPublisher logged the one ERROR line with the topic and the fix
                    .logExhausted(false);
        // the catch-all must not take a transient fault: Camel matches the innermost cause first and, at equal
        // distance, keeps the first match, so a wrapper close to Exception could otherwise win over IOException
        backOff(policy.onException(Exception.class)
                    .onWhen(exchange -> !isTransient(failure(exchange))))
                    .maximumRedeliveries(OTHER_FAILURE_REDELIVERIES);

        routeConfiguration(SINGLE_ATTEMPT).errorHandler(noErrorHandler());
    }

    /** Exponential backoff with jitter and a cap ({@code retry.*}), a WARN per retry, an ERROR when exhausted. */
    private static OnExceptionDefinition backOff(OnExceptionDefinition clause) {
        return clause
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
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : TRANSIENT) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
