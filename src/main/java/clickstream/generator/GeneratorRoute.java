package clickstream.generator;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.KafkaClientConfig;

/**
 * timer → generator bean → Kafka, then the ground truth of the minutes that closed → the truth topic. Java DSL because
 * it is wired to typed beans; every option is a placeholder from application.properties. Producer: acks=all and
 * idempotence on, so a retried send never duplicates a record. The truth of a minute goes out after its events were
 * acknowledged; when the route stops, its last, partial minute is sent too ({@link FinalTruthOnStop}).
 */
public final class GeneratorRoute extends RouteBuilder {

    public static final String ROUTE_ID = "generator";

    static final String TRUTH_ENDPOINT = "kafka:{{generator.truth-topic}}"
            + "?requestRequiredAcks=all&enableIdempotence=true"
            + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
            + "&batchWithIndividualHeaders=true";

    @Override
    public void configure() {
        from("timer:clickstream-generator?period={{generator.tick-ms}}&delay=0") // first tick at once, not after 1 s
                .routeId(ROUTE_ID)
                .autoStartup("{{generator.enabled}}")
                .routePolicy(new FinalTruthOnStop())
                // records come out already as JSON bytes (ClickEventJson's mapper, in ChaosInjector), not via
                // marshal().json(): the chaos kinds work on the bytes themselves (a duplicate is an exact byte copy)
                .bean("generatorService", "dueRecords")
                .filter(simple("${body.size()} > 0"))
                    .to("kafka:{{kafka.topic}}"
                            + "?requestRequiredAcks=all&enableIdempotence=true"
                            + "&lingerMs={{kafka.producer.linger-ms}}&compressionCodec={{kafka.producer.compression}}"
                            + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                            // each record's own headers (the chaos mark, the event's timestamp), not the timer exchange's
                            + "&batchWithIndividualHeaders=true")
                    .bean("pipelineMetrics", "produced(${body.size()})")
                .end()
                // ground truth (TruthMinute JSON, key = run id) of each minute that closed
                .bean("generatorService", "truthRecords")
                .filter(simple("${body.size()} > 0"))
                    .to(TRUTH_ENDPOINT)
                .end();
    }

    /**
     * Sends the truth of the minutes still open when the route stops (a stop, a shutdown): the last is partial. With a
     * plain Kafka producer built like the app's other clients (KafkaClientConfig), not a ProducerTemplate: while the
     * context shuts down Camel refuses new exchanges, and the broker is still there until the services close after
     * the routes.
     */
    static final class FinalTruthOnStop extends RoutePolicySupport {

        private static final Logger LOG = LoggerFactory.getLogger(FinalTruthOnStop.class);

        @Override
        public void onStop(Route route) {
            CamelContext context = route.getCamelContext();
            GeneratorService service = context.getRegistry().lookupByNameAndType("generatorService", GeneratorService.class);
            if (service == null) {
                return;
            }
            List<Message> last = service.finalTruthRecords();
            if (last.isEmpty()) {
                return;
            }
            String topic = Settings.of(context).get(SettingsCatalog.Generator.TRUTH_TOPIC);
            Properties props = KafkaClientConfig.admin(context);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "clickstream-truth-on-stop");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (Message message : last) {
                    producer.send(new ProducerRecord<>(topic, message.getHeader(KafkaConstants.KEY, String.class),
                            message.getBody(byte[].class))).get(30, TimeUnit.SECONDS);
                }
                LOG.info("Sent the ground truth of the generator's last {} minute(s) to {}", last.size(), topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted sending the ground truth of the generator's last minute");
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                LOG.warn("Could not send the ground truth of the generator's last minute to {} ({} records): {}", topic,
                        last.size(), e.getMessage());
            }
        }
    }
}
