package clickstream.app;

import clickstream.observe.PipelineMetrics;
import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import java.time.Clock;
import java.time.Duration;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import clickstream.generator.ChaosInjector;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.indexing.BatchOffsetCommitter;
import clickstream.indexing.BulkLimits;
import clickstream.indexing.BulkRequestFactory;
import clickstream.indexing.BulkResultHandler;
import clickstream.indexing.DeadLetterPublisher;
import clickstream.indexing.EventValidator;
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
        GeneratorSettings generatorSettings = generatorSettings(settings);
        ChaosInjector chaos = ChaosInjector.of(settings.doubleValue(ChaosInjector.FRACTION_KEY, 0, 1),
                settings.text(ChaosInjector.KINDS_KEY, ChaosInjector.DEFAULT_KINDS), generatorSettings.seed());
        registry.bind("chaosInjector", chaos);
        metrics.setDetail(chaos::summary);
        registry.bind("generatorService", new GeneratorService(
                new ClickstreamGenerator(generatorSettings, Clock.systemUTC()),
                new EventPacer(settings.doubleValue("generator.rate", 0.001, 10_000_000)),
                context, chaos));

        IndexerCondition condition = new IndexerCondition(Clock.systemUTC());
        registry.bind(IndexerCondition.BEAN_NAME, condition);
        IndexNames indexNames = new IndexNames(settings.required("opensearch.index-prefix"));
        BulkLimits limits = new BulkLimits(settings.intValue(BulkLimits.MAX_BULK_BYTES_KEY, 1024, Integer.MAX_VALUE),
                settings.intValue("indexer.consumers", 1, 1024));
        registry.bind(BulkLimits.BEAN_NAME, limits);
        BulkRequestFactory requests = new BulkRequestFactory(
                eventValidator(settings), indexNames, limits);
        registry.bind("bulkRequestFactory", requests);
        registry.bind("bulkResultHandler", new BulkResultHandler(condition, limits));
        registry.bind("deadLetterPublisher", new DeadLetterPublisher(context,
                "kafka:" + settings.required("kafka.dlq-topic")
                        + "?requestRequiredAcks=all&enableIdempotence=true"
                        // key and value as the indexer consumed them: bytes (routes/indexer.yaml)
                        + "&keySerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                        + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                        // without it camel-kafka gives every record of a List body the parent's headers: no dlq.*
                        + "&batchWithIndividualHeaders=true"
                        // each record's broker offset on its own exchange (off by default in 4.17): how
                        // DeadLetterPublisher tells the records written from those never sent when one fails
                        + "&recordMetadata=true",
                Clock.systemUTC(), condition, metrics::deadLettered));
        registry.bind("batchOffsetCommitter", new BatchOffsetCommitter());
        registry.bind("deadLetterReplay", new DeadLetterReplay(settings.required("kafka.topic"),
                settings.intValue(DeadLetterReplay.MAX_REPLAYS_KEY, 1, Integer.MAX_VALUE)));
    }

    static EventValidator eventValidator(Settings settings) {
        // up to 100 years either way: every accepted day still has a 4-digit year, and the millis cannot overflow
        Duration century = Duration.ofDays(36_500);
        return new EventValidator(settings.intValue(EventValidator.MAX_EVENT_BYTES_KEY, 256, 100 * 1024 * 1024),
                settings.duration(EventValidator.MAX_EVENT_AGE_KEY, Duration.ofMinutes(1), century),
                settings.duration(EventValidator.MAX_CLOCK_SKEW_KEY, Duration.ZERO, century),
                Clock.systemUTC());
    }

    static GeneratorSettings generatorSettings(Settings settings) {
        try {
            return new GeneratorSettings(
                    settings.intValue(GeneratorSettings.USERS_KEY, 1, Integer.MAX_VALUE),
                    settings.intValue(GeneratorSettings.ARTICLES_PER_CATEGORY_KEY, 1, Integer.MAX_VALUE),
                    // blank = a seed of this run's own (logged by GeneratorService), so restarts and replicas differ
                    settings.optional(GeneratorSettings.SEED_KEY).isPresent()
                            ? settings.longValue(GeneratorSettings.SEED_KEY, Long.MIN_VALUE, Long.MAX_VALUE)
                            : GeneratorSettings.randomSeed(),
                    settings.intValue(GeneratorSettings.MAX_ACTIVE_SESSIONS_KEY, 1, Integer.MAX_VALUE),
                    settings.intValue(GeneratorSettings.MEAN_SESSION_EVENTS_KEY, 1, Integer.MAX_VALUE),
                    settings.doubleValue(GeneratorSettings.LOGOUT_PROBABILITY_KEY, 0, 1),
                    settings.doubleValue(GeneratorSettings.ZIPF_EXPONENT_KEY, 0, Double.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + " (set it with -D<key>=... or in application.properties)", e);
        }
    }
}
