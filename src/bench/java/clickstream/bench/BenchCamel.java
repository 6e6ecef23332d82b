package clickstream.bench;

import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.opensearch.OpensearchComponent;
import org.apache.camel.impl.DefaultCamelContext;

import clickstream.connect.OpenSearchConnection;

/**
 * A plain Camel context with the same kafka and opensearch components the app uses, for the phases that measure
 * one endpoint on its own (the producer, the one-request-per-event seed design). Its own REST client, so stopping
 * the component cannot close a client someone else uses.
 */
final class BenchCamel implements AutoCloseable {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final OpenSearchConnection connection;
    private final ProducerTemplate template;

    BenchCamel(String brokers, String openSearchUrl) {
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(brokers);
        context.addComponent("kafka", kafka);
        connection = OpenSearchConnection.create(AppSettings.of(Map.of("opensearch.hosts", openSearchUrl)));
        OpensearchComponent opensearch = new OpensearchComponent();
        opensearch.setClient(connection.restClient());
        context.addComponent("opensearch", opensearch);
        context.getGlobalOptions().put("CamelJmx", "false");
        context.start();
        template = context.createProducerTemplate();
    }

    DefaultCamelContext context() {
        return context;
    }

    ProducerTemplate template() {
        return template;
    }

    @Override
    public void close() {
        context.stop();
        connection.close();
    }
}
