package clickstream.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.connect.TopicProvisioner;
import clickstream.it.KafkaTestClient;

/**
 * (4b) Events per second into Kafka through the same Camel kafka endpoint and producer settings as the generator
 * route (acks=all, idempotence, the app's linger and compression), a list body of {@code chunk} records per send
 * as one timer tick of the route makes, each send waiting for all its acknowledgements. The records are made
 * before each send and only the sends are timed: the generator is measured on its own. The topic it fills is the
 * input of the pipeline drain.
 */
final class ProducerPhase {

    private ProducerPhase() {
    }

    static Map<String, Object> run(BenchCamel camel, ChildJvm services, String brokers, String topic, int events, int chunk,
            long seed) throws Exception {
        DefaultCamelContext context = AppSettings.context(Map.of("kafka.brokers", brokers, "kafka.topic", topic,
                "kafka.dlq-topic", topic + ".dlq"));
        Settings settings = Settings.of(context);
        new TopicProvisioner(context).ensureTopics();
        // a fresh topic's partition leaders take a moment to answer; producing before that can expire batches
        new KafkaTestClient(brokers).awaitWritable(topic);
        String uri = "kafka:" + topic + "?requestRequiredAcks=all&enableIdempotence=true"
                + "&lingerMs=" + settings.get(SettingsCatalog.Kafka.LINGER_MS)
                + "&compressionCodec=" + settings.get(SettingsCatalog.Kafka.COMPRESSION)
                + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer";
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(seed));
        GeneratorService records = new GeneratorService(generator, new EventPacer(1), camel.context());
        CpuMeter cpu = new CpuMeter(services);
        long sendNanos = 0;
        int sent = 0;
        while (sent < events) {
            List<Message> body = records.toRecords(generator.next(Math.min(chunk, events - sent)));
            long t0 = System.nanoTime();
            Exchange result = camel.template().send(uri, exchange -> exchange.getMessage().setBody(body));
            sendNanos += System.nanoTime() - t0;
            if (result.getException() != null) {
                throw new IllegalStateException("producing to " + topic + " failed", result.getException());
            }
            sent += body.size();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", sent);
        result.put("chunk", chunk);
        result.put("events_per_s", Math.round(sent / (sendNanos / 1e9)));
        result.put("cpu", cpu.stop());
        return result;
    }
}
