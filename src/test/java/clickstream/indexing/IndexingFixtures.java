package clickstream.indexing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;

/** Builds Kafka batch exchanges shaped like camel-kafka's in batching mode. */
public final class IndexingFixtures {

    static final String TOPIC = "clickstream";

    private final CamelContext context = new DefaultCamelContext();

    /** The validator as application.properties configures it (30 days back, 1 hour ahead), its clock stopped at now. */
    static EventValidator validator(int maxEventBytes, Instant now) {
        return new EventValidator(maxEventBytes, Duration.ofDays(30), Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    public static List<ClickEvent> events(int n, Instant at) {
        return new ClickstreamGenerator(GeneratorSettings.defaults(), Clock.fixed(at, ZoneOffset.UTC)).next(n);
    }

    /** One record: body = value (bytes, String or null), with topic/partition/offset headers. */
    Exchange record(Object value, int partition, long offset) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setBody(value);
        record.getMessage().setHeader(KafkaConstants.TOPIC, TOPIC);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        return record;
    }

    /** The batch exchange: body = the records, in poll order. */
    Exchange batch(List<Exchange> records) {
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(new ArrayList<>(records));
        return batch;
    }

    CamelContext context() {
        return context;
    }
}
