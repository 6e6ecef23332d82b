package clickstream.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import clickstream.model.TruthMinute;
import clickstream.config.SettingsCatalog;

/**
 * The bean behind the "generator" route: on each timer tick it makes the events that are due at the configured rate
 * and turns them into Kafka records, JSON value (Jackson) and key = user_id so one user's events stay in order on
 * one partition. One list per tick lets the kafka producer send them together instead of one round trip each.
 * The {@link ChaosInjector} (off unless generator.chaos.fraction &gt; 0) may alter or add records on the way.
 * The first tick logs the seed, so a run whose seed was drawn can be repeated; only where the route runs, not in
 * an indexer-only pod, which builds this bean too.
 *
 * <p>Ground truth: every record is counted per minute of its event's timestamp ({@link TruthTally}), and each record's
 * Kafka timestamp is its event's timestamp, so a dead letter (which keeps it as {@code dlq.source.timestamp}) falls
 * in the same minute as the truth that counted it, even when its value is too broken to read. {@link #truthRecords()}
 * hands out the minutes that closed, for the route's second step. With {@code generator.max-events} the generator
 * stops after that many events and its last, partial minute is handed out at once.
 */
public final class GeneratorService {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorService.class);

    private final ClickstreamGenerator generator;
    private final EventPacer pacer;
    private final CamelContext context;
    private final ChaosInjector chaos;
    private final TruthTally truth;
    private final AtomicBoolean seedLogged = new AtomicBoolean();
    private final EventFormat format;
    private long remaining;
    private boolean finished;
    private final List<TruthMinute> finalMinutes = new ArrayList<>();

    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context) {
        this(generator, pacer, context, ChaosInjector.off());
    }

    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context, ChaosInjector chaos) {
        this(generator, pacer, context, chaos, EventFormat.JSON, Long.MAX_VALUE);
    }

    /**
     * @param format    record values in JSON or Avro; chaos alters JSON records, so it is off for Avro (PipelineBeans
     *                  refuses both)
     * @param maxEvents events to make before stopping ({@code generator.max-events}), {@link Long#MAX_VALUE} = no end
     */
    public GeneratorService(ClickstreamGenerator generator, EventPacer pacer, CamelContext context, ChaosInjector chaos,
            EventFormat format, long maxEvents) {
        this.generator = generator;
        this.pacer = pacer;
        this.context = context;
        this.chaos = chaos;
        this.format = format;
        this.remaining = maxEvents;
        this.truth = new TruthTally(UUID.randomUUID().toString());
        generator.onSessionStart(truth::sessionStarted);
    }

    /** This instance's run id: the key of its ground-truth records. */
    public String runId() {
        return truth.runId();
    }

    /** Route step: the records due now (possibly none). */
    public List<Message> dueRecords() {
        if (!seedLogged.get() && !seedLogged.getAndSet(true)) {
            long seed = generator.settings().seed();
            LOG.info("generator seed {} (set {}={} to repeat this run's content), run id {}", seed,
                    SettingsCatalog.Generator.SEED.key(), seed, truth.runId());
        }
        int due;
        synchronized (this) {
            if (finished) {
                return List.of();
            }
            due = (int) Math.min(pacer.due(), remaining);
            remaining -= due;
        }
        List<Message> records = due == 0 ? List.of() : toRecords(generator.next(due));
        synchronized (this) {
            if (remaining == 0 && !finished) {
                finished = true;
                finalMinutes.addAll(truth.finish());
                LOG.info("generator stopped: {} reached", SettingsCatalog.Generator.MAX_EVENTS.key());
            }
        }
        return records;
    }

    public List<Message> toRecords(List<ClickEvent> events) {
        List<Message> records = new ArrayList<>(events.size());
        if (format == EventFormat.AVRO) {
            for (ClickEvent event : events) {
                Message message = new DefaultMessage(context);
                message.setHeader(KafkaConstants.KEY, event.userId());
                message.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, truth.event(event));
                message.setBody(ClickEventAvro.encode(event));
                records.add(message);
            }
            return records;
        }
        for (ClickEvent event : events) {
            long millis = truth.event(event);
            chaos.emit(event, (key, value, kind) -> {
                Message message = new DefaultMessage(context);
                message.setHeader(KafkaConstants.KEY, key);
                message.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, millis);
                if (kind != null) {
                    message.setHeader(ChaosInjector.HEADER, kind.code());
                    truth.chaos(millis, kind, chaos.lastLateMillis());
                }
                message.setBody(value);
                records.add(message);
            });
        }
        return records;
    }

    /**
     * Route step after the events were sent: the ground-truth records of the minutes that closed (possibly none),
     * key = run id, value = {@link TruthMinute} JSON.
     */
    public List<Message> truthRecords() {
        List<TruthMinute> minutes;
        synchronized (this) {
            minutes = new ArrayList<>(finalMinutes);
            finalMinutes.clear();
        }
        minutes.addAll(truth.closed(generator.millis()));
        return messages(minutes);
    }

    /** The generator stops (its route stops): every minute still open, the last one partial. */
    public List<Message> finalTruthRecords() {
        List<TruthMinute> minutes;
        synchronized (this) {
            minutes = new ArrayList<>(finalMinutes);
            finalMinutes.clear();
        }
        minutes.addAll(truth.finish());
        return messages(minutes);
    }

    private List<Message> messages(List<TruthMinute> minutes) {
        List<Message> messages = new ArrayList<>(minutes.size());
        for (TruthMinute minute : minutes) {
            Message message = new DefaultMessage(context);
            message.setHeader(KafkaConstants.KEY, truth.runId());
            message.setBody(minute.toJson());
            messages.add(message);
        }
        return messages;
    }
}
