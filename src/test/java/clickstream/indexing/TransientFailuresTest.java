package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The error policy's transient predicate (routes/error-handling.camel.yaml): the whole cause chain decides. */
class TransientFailuresTest {

    @Test
    void aTransientCauseAnywhereInTheChainIsTransientWhateverWrapsIt() {
        assertThat(TransientFailures.isTransient(new CamelExchangeException("bulk failed", null,
                new CompletionException(new ConnectException("Connection refused"))))).isTrue();
        // a wrapper one level under Exception would win Camel's closest-type match over IOException by itself
        assertThat(TransientFailures.isTransient(new Exception(new ConnectException("Connection refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new TransientIndexingException("429"))).isTrue();
        assertThat(TransientFailures.isTransient(new DeadLetterPublisher.DeadLetterException("for now",
                new NotEnoughReplicasException("isr")))).isTrue();
    }

    @Test
    void aBugOrAFatalDeadLetterFailureIsNot() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransientFailures.isTransient((Throwable) null)).isFalse();
        // the Kafka error of a fatal dead-letter failure is suppressed, not a cause: it must not make it transient
        assertThat(TransientFailures.isTransient(new DeadLetterPublisher.DeadLetterFatalException("no ACL",
                new TopicAuthorizationException("clickstream.dlq")))).isFalse();
    }

    @Test
    void theExchangeIsJudgedByItsFailureOrTheOneACatchLeft() {
        Exchange failed = new DefaultExchange(new DefaultCamelContext());
        failed.setException(new ConnectException("Connection refused"));
        assertThat(TransientFailures.isTransient(failed)).isTrue();

        Exchange caught = new DefaultExchange(new DefaultCamelContext());
        caught.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("a bug"));
        assertThat(TransientFailures.isTransient(caught)).isFalse();
    }
}
