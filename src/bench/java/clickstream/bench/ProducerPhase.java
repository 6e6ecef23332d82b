package clickstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.TopicProvisioner;
import clickstream.generator.ChaosInjector;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.it.KafkaTestClient;
import clickstream.model.EventFormat;

/**
 * (5b) Events per second into Kafka through the same Camel kafka endpoint and producer settings as the generator
 * route (acks=all, idempotence, the app's linger and compression), a list body of {@code chunk} records per send
 * as one timer tick of the route makes, each send waiting for all its acknowledgements; the generator makes each
 * chunk's events inside the window, as the route does. The topic it fills, named {@code tag}, is the input of the
 * repeat's reference consumer and pipeline drain.
 */
final class ProducerPhase implements Phase {

    private final BenchCamel camel;
    private final String brokers;
    private final int chunk;
    private final EventFormat format;

    ProducerPhase(BenchCamel camel, String brokers, int chunk) {
        this(camel, brokers, chunk, EventFormat.JSON);
    }

    /** Records in {@code format} ({@code event.format}), into the repeat's topic for that format ({@link #topic}). */
    ProducerPhase(BenchCamel camel, String brokers, int chunk, EventFormat format) {
        this.camel = camel;
        this.brokers = brokers;
        this.chunk = chunk;
        this.format = format;
    }

    /** The repeat's topic of {@code format}: {@code tag} for JSON, {@code tag-avro} for Avro. */
    static String topic(String tag, EventFormat format) {
        return format == EventFormat.JSON ? tag : tag + "-" + format.value();
    }

    @Override
    public String key() {
        return format == EventFormat.JSON ? "producer" : "producer_" + format.value();
    }

    @Override
    public Map<String, Object> run(String tag, int events, Window window) throws Exception {
        String topic = topic(tag, format);
        String uri;
        // the provisioner reaches Kafka as the app does, through camel.component.kafka.brokers = {{kafka.brokers}}
        try (DefaultCamelContext app = AppSettings.context(Map.of("kafka.brokers", brokers, "kafka.topic", topic,
                "kafka.dlq-topic", topic + ".dlq"))) {
            new TopicProvisioner(app).ensureTopics();
            Settings settings = Settings.of(app);
            uri = "kafka:" + topic + "?requestRequiredAcks=all&enableIdempotence=true"
                    + "&lingerMs=" + settings.get(SettingsCatalog.Kafka.LINGER_MS)
                    + "&compressionCodec=" + settings.get(SettingsCatalog.Kafka.COMPRESSION)
                    + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
        }
        // a fresh topic's partition leaders take a moment to answer; producing before that can expire batches
        new KafkaTestClient(brokers).awaitWritable(topic);
        // seeded from the repeat's tag: both formats carry the same events
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(tag.hashCode()));
        GeneratorService records = new GeneratorService(generator, new EventPacer(1), camel.context(), ChaosInjector.off(),
                format, Long.MAX_VALUE);
        window.start();
        int sent = 0;
        long valueBytes = 0;
        while (sent < events) {
            List<Message> body = records.toRecords(generator.next(Math.min(chunk, events - sent)));
            for (Message record : body) {
                valueBytes += record.getBody(byte[].class).length;
            }
            Exchange result = camel.template().send(uri, exchange -> exchange.getMessage().setBody(body));
            if (result.getException() != null) {
                throw new IllegalStateException("producing to " + topic + " failed", result.getException());
            }
            sent += body.size();
        }
        window.stop(sent);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("chunk", chunk);
        result.put("format", format.value());
        // the record values as produced, and what the topic holds on the broker's disk for them (record batches,
        // compressed with kafka.producer.compression)
        result.put("value_bytes_per_event", CpuMeter.round((double) valueBytes / sent));
        result.put("topic_bytes_per_event", CpuMeter.round((double) topicBytes(topic) / sent));
        return result;
    }

    private long topicBytes(String topic) throws Exception {
        try (Admin admin = new KafkaTestClient(brokers).admin()) {
            List<Integer> ids = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(ids).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }
}
