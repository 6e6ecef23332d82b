package clickstream.app;

import clickstream.observe.PipelineMetrics;
import clickstream.config.Settings;
import clickstream.config.ConfigurationException;
import clickstream.config.SettingsCatalog;
import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.Registry;

import clickstream.generator.ChaosInjector;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.generator.TrafficShape;
import clickstream.indexing.BatchOffsetCommitter;
import clickstream.indexing.BulkLimits;
import clickstream.indexing.CommitOnRebalance;
import clickstream.indexing.InFlightBatches;
import clickstream.indexing.BulkRequestFactory;
import clickstream.indexing.BulkResultHandler;
import clickstream.indexing.DeadLetterPublisher;
import clickstream.indexing.EventValidator;
import clickstream.model.EventFormat;
import clickstream.model.IndexNames;
import clickstream.indexing.IndexerCondition;
import clickstream.replay.DeadLetterReplay;

/**
 * Binds the beans the routes refer to by name (Java and YAML alike), each built from the shared properties and
 * validated here, so a wrong value stops start-up with a message naming the key.
 */
public final class PipelineBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();

        PipelineMetrics metrics = new PipelineMetrics();
        registry.bind("pipelineMetrics", metrics);
        GeneratorSettings generatorSettings = GeneratorSettings.from(settings);
        ChaosInjector chaos = ChaosInjector.from(settings, generatorSettings.seed());
        registry.bind("chaosInjector", chaos);
        metrics.setDetail(chaos::summary);
        String truthTopic = settings.get(SettingsCatalog.Generator.TRUTH_TOPIC);
        if (truthTopic.equals(settings.get(SettingsCatalog.Kafka.TOPIC))
                || truthTopic.equals(settings.get(SettingsCatalog.Kafka.DLQ_TOPIC))) {
            throw new ConfigurationException("Property " + SettingsCatalog.Generator.TRUTH_TOPIC.key() + " = " + truthTopic
                    + " is also the event or dead-letter topic: give the ground truth a topic of its own (e.g. "
                    + settings.get(SettingsCatalog.Kafka.TOPIC) + ".truth)");
        }
        EventFormat format = eventFormat(settings, chaos);
        Clock clock = Clock.systemUTC();
        registry.bind("generatorService", new GeneratorService(
                new ClickstreamGenerator(generatorSettings, clock),
                new EventPacer(settings.get(SettingsCatalog.Generator.RATE), System::nanoTime,
                        TrafficShape.from(settings), clock::millis),
                context, chaos, format,
                settings.optional(SettingsCatalog.Generator.MAX_EVENTS).orElse(Long.MAX_VALUE)));

        IndexerCondition condition = new IndexerCondition(Clock.systemUTC());
        registry.bind(IndexerCondition.BEAN_NAME, condition);
        IndexNames indexNames = new IndexNames(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX));
        int consumers = settings.get(SettingsCatalog.Indexer.CONSUMERS);
        int batchesInFlight = settings.get(SettingsCatalog.Indexer.BATCHES_IN_FLIGHT);
        BulkLimits limits = new BulkLimits(settings.get(SettingsCatalog.Indexer.MAX_BULK_BYTES), consumers * batchesInFlight);
        registry.bind(BulkLimits.BEAN_NAME, limits);
        BulkRequestFactory requests = new BulkRequestFactory(
                eventValidator(settings), format, indexNames, limits);
        registry.bind("bulkRequestFactory", requests);
        registry.bind("bulkResultHandler", new BulkResultHandler(condition, limits));
        // the dead-letter topic's endpoint is the dead-letter route's to: (routes/indexer.camel.yaml)
        registry.bind("deadLetterPublisher", new DeadLetterPublisher(context, settings.get(SettingsCatalog.Kafka.DLQ_TOPIC),
                Clock.systemUTC(), condition, metrics::deadLettered));
        // batches in flight per consumer thread, committed in offset order on it, and before partitions are released
        InFlightBatches inFlight = new InFlightBatches(context, batchesInFlight, consumers);
        registry.bind(InFlightBatches.BEAN_NAME, inFlight);
        BatchOffsetCommitter committer = new BatchOffsetCommitter(inFlight);
        registry.bind("batchOffsetCommitter", committer);
        registry.bind(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER, new CommitOnRebalance(inFlight, committer));
        registry.bind("deadLetterReplay", new DeadLetterReplay(settings.get(SettingsCatalog.Kafka.TOPIC),
                settings.get(SettingsCatalog.Replay.MAX_REPLAYS)));
    }

    /** {@code event.format}; chaos (generator.chaos.fraction) alters JSON records, so it needs the JSON format. */
    static EventFormat eventFormat(Settings settings, ChaosInjector chaos) {
        EventFormat format = EventFormat.of(settings.get(SettingsCatalog.Kafka.EVENT_FORMAT));
        if (format == EventFormat.AVRO && chaos.enabled()) {
            throw new ConfigurationException("Property " + SettingsCatalog.Generator.CHAOS_FRACTION.key()
                    + " > 0 needs " + SettingsCatalog.Kafka.EVENT_FORMAT.key() + " = json (chaos alters JSON records): set "
                    + SettingsCatalog.Generator.CHAOS_FRACTION.key() + "=0 or " + SettingsCatalog.Kafka.EVENT_FORMAT.key() + "=json");
        }
        return format;
    }

    static EventValidator eventValidator(Settings settings) {
        return new EventValidator(settings.get(SettingsCatalog.Indexer.MAX_EVENT_BYTES),
                settings.get(SettingsCatalog.Indexer.MAX_EVENT_AGE),
                settings.get(SettingsCatalog.Indexer.MAX_CLOCK_SKEW),
                Clock.systemUTC());
    }

}
