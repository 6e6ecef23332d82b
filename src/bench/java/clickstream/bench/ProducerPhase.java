package clickstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.TopicProvisioner;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.it.KafkaTestClient;

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

    ProducerPhase(BenchCamel camel, String brokers, int chunk) {
        this.camel = camel;
        this.brokers = brokers;
        this.chunk = chunk;
    }

    @Override
    public String key() {
        return "producer";
    }

    @Override
    public Map<String, Object> run(String topic, int events, Window window) throws Exception {
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
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(topic.hashCode()));
        GeneratorService records = new GeneratorService(generator, new EventPacer(1), camel.context());
        window.start();
        int sent = 0;
        while (sent < events) {
            List<Message> body = records.toRecords(generator.next(Math.min(chunk, events - sent)));
            Exchange result = camel.template().send(uri, exchange -> exchange.getMessage().setBody(body));
            if (result.getException() != null) {
                throw new IllegalStateException("producing to " + topic + " failed", result.getException());
            }
            sent += body.size();
        }
        window.stop(sent);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("chunk", chunk);
        return result;
    }
}
