package clickstream.indexing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.kafka.common.errors.RetriableException;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.TransportException;

/**
 * Which failures pass and are retried until they do ({@code retry.*}): the predicate of the error policy's transient
 * clause (routes/error-handling.camel.yaml). A failure is transient when any exception in its cause chain is one of
 * {@link #TYPES}, so a wrapper (Camel's, the OpenSearch client's) never turns an outage into a bug.
 */
public final class TransientFailures {

    /** OpenSearch refusing for now or away, Kafka's retriable errors, timeouts, a dead-letter write refused for now. */
    static final List<Class<? extends Throwable>> TYPES = List.of(TransientIndexingException.class, IOException.class,
            TimeoutException.class, RetriableException.class, OpenSearchException.class, TransportException.class,
            DeadLetterPublisher.DeadLetterException.class);

    private TransientFailures() {
    }

    /** The error policy's onWhen: the exchange failed (or its caught failure is) transient. */
    public static boolean isTransient(Exchange exchange) {
        Throwable failure = exchange.getException();
        return isTransient(failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> type : TYPES) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
