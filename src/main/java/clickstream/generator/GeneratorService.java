package clickstream.generator;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * The bean behind the "generator" route: on each timer tick it makes the events that are due at the configured rate
 * and turns them into Kafka records, JSON value (Jackson) and key = user_id so one user's events stay in order on
 * one partition. One list per tick lets the kafka producer send them together instead of one round trip each.
 */
public final class GeneratorService {

    private final ClickstreamGenerator generator;
    private final EventPacer pacer;
    private final CamelContext context;

    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context) {
        this.generator = generator;
        this.pacer = pacer;
        this.context = context;
    }

    /** Route step: the records due now (possibly none). */
    public List<Message> dueRecords() {
        int due = pacer.due();
        if (due == 0) {
            return List.of();
        }
        return toRecords(generator.next(due));
    }

    public List<Message> toRecords(List<ClickEvent> events) {
        List<Message> records = new ArrayList<>(events.size());
        for (ClickEvent event : events) {
            Message message = new DefaultMessage(context);
            message.setHeader(KafkaConstants.KEY, event.userId());
            message.setBody(ClickEventJson.toBytes(event));
            records.add(message);
        }
        return records;
    }
}
