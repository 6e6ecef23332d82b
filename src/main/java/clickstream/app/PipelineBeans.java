package clickstream.app;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import clickstream.generator.ChaosInjector;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.indexing.BatchOffsetCommitter;
import clickstream.indexing.BulkRequestFactory;
import clickstream.indexing.BulkResultHandler;
import clickstream.indexing.DeadLetterPublisher;
import clickstream.indexing.EventValidator;
import clickstream.indexing.IndexNames;
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

        registry.bind(IndexerCondition.BEAN_NAME, new IndexerCondition(Clock.systemUTC()));
        IndexNames indexNames = new IndexNames(settings.required("opensearch.index-prefix"));
        BulkRequestFactory requests = new BulkRequestFactory(
                new EventValidator(settings.intValue("indexer.max-event-bytes", 256, 100 * 1024 * 1024)), indexNames);
        registry.bind("bulkRequestFactory", requests);
        registry.bind("bulkResultHandler", new BulkResultHandler());
        registry.bind("deadLetterPublisher", new DeadLetterPublisher(context,
                "kafka:" + settings.required("kafka.dlq-topic")
                        + "?requestRequiredAcks=all&enableIdempotence=true"
                        // key and value as the indexer consumed them: bytes (routes/indexer.yaml)
                        + "&keySerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                        + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                        // without it camel-kafka gives every record of a List body the parent's headers: no dlq.*
                        + "&batchWithIndividualHeaders=true",
                Clock.systemUTC()));
        registry.bind("batchOffsetCommitter", new BatchOffsetCommitter());
        registry.bind("deadLetterReplay", new DeadLetterReplay(settings.required("kafka.topic"),
                settings.intValue(DeadLetterReplay.MAX_REPLAYS_KEY, 1, Integer.MAX_VALUE)));
    }

    static GeneratorSettings generatorSettings(Settings settings) {
        try {
            return new GeneratorSettings(
                    settings.intValue(GeneratorSettings.USERS_KEY, 1, Integer.MAX_VALUE),
                    settings.intValue(GeneratorSettings.ARTICLES_PER_CATEGORY_KEY, 1, Integer.MAX_VALUE),
                    settings.longValue(GeneratorSettings.SEED_KEY, Long.MIN_VALUE, Long.MAX_VALUE),
                    settings.intValue(GeneratorSettings.MAX_ACTIVE_SESSIONS_KEY, 1, Integer.MAX_VALUE),
                    settings.intValue(GeneratorSettings.MEAN_SESSION_EVENTS_KEY, 1, Integer.MAX_VALUE),
                    settings.doubleValue(GeneratorSettings.LOGOUT_PROBABILITY_KEY, 0, 1),
                    settings.doubleValue(GeneratorSettings.ZIPF_EXPONENT_KEY, 0, Double.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage() + " (set it with -D<key>=... or in application.properties)", e);
        }
    }
}
