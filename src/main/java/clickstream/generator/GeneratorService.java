package clickstream.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventAvro;
import clickstream.model.EventFormat;
import clickstream.config.SettingsCatalog;

/**
 * The bean behind the "generator" route: on each timer tick it makes the events that are due at the configured rate
 * and turns them into Kafka records, JSON value (Jackson) and key = user_id so one user's events stay in order on
 * one partition. One list per tick lets the kafka producer send them together instead of one round trip each.
 * The {@link ChaosInjector} (off unless generator.chaos.fraction &gt; 0) may alter or add records on the way.
 * The first tick logs the seed, so a run whose seed was drawn can be repeated; only where the route runs, not in
 * an indexer-only pod, which builds this bean too.
 */
public final class GeneratorService {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorService.class);

    private final ClickstreamGenerator generator;
    private final EventPacer pacer;
    private final CamelContext context;
    private final ChaosInjector chaos;
    private final AtomicBoolean seedLogged = new AtomicBoolean();
    private final EventFormat format;

    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context) {
        this(generator, pacer, context, ChaosInjector.off());
    }

    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context, ChaosInjector chaos) {
        this(generator, pacer, context, chaos, EventFormat.JSON);
    }

    /** Records in {@code format}; chaos alters JSON records, so it is off for Avro (PipelineBeans refuses both). */
    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context, ChaosInjector chaos,
            EventFormat format) {
        this.generator = generator;
        this.pacer = pacer;
        this.context = context;
        this.chaos = chaos;
        this.format = format;
    }

    /** Route step: the records due now (possibly none). */
    public List<Message> dueRecords() {
        if (!seedLogged.get() && !seedLogged.getAndSet(true)) {
            long seed = generator.settings().seed();
            LOG.info("generator seed {} (set {}={} to repeat this run's content)", seed, SettingsCatalog.Generator.SEED.key(), seed);
        }
        int due = pacer.due();
        if (due == 0) {
            return List.of();
        }
        return toRecords(generator.next(due));
    }

    public List<Message> toRecords(List<ClickEvent> events) {
        List<Message> records = new ArrayList<>(events.size());
        if (format == EventFormat.AVRO) {
            for (ClickEvent event : events) {
                Message message = new DefaultMessage(context);
                message.setHeader(KafkaConstants.KEY, event.userId());
                message.setBody(ClickEventAvro.encode(event));
                records.add(message);
            }
            return records;
        }
        for (ClickEvent event : events) {
            chaos.emit(event, (key, value, kind) -> {
                Message message = new DefaultMessage(context);
                message.setHeader(KafkaConstants.KEY, key);
                if (kind != null) {
                    message.setHeader(ChaosInjector.HEADER, kind.code());
                }
                message.setBody(value);
                records.add(message);
            });
        }
        return records;
    }
}
