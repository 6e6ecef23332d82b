package clickstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;

import clickstream.app.Settings;

/**
 * The app's properties as the app sees them (application.properties, then the given overrides, then -D and the
 * environment on top), for the parts of the benchmark that use the app's classes outside a running app: the index
 * template, the topics, the OpenSearch client.
 */
final class AppSettings {

    private AppSettings() {
    }

    /**
     * The override properties of an app (or client) working on one phase's own topic, dead-letter topic, consumer
     * group and index prefix, against the services JVM; replicas 0 as ServicesBootstrap sets for the embedded node.
     */
    static Map<String, String> forTopic(String brokers, String openSearchUrl, String topic) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.brokers", brokers);
        props.put("opensearch.hosts", openSearchUrl);
        props.put("kafka.topic", topic);
        props.put("kafka.dlq-topic", topic + ".dlq");
        props.put("kafka.consumer.group-id", topic + "-indexer");
        props.put("opensearch.index-prefix", topic);
        props.put("opensearch.index.replicas", "0");
        return props;
    }

    static Settings of(Map<String, String> overrides) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties file = new Properties();
        try (InputStream in = AppSettings.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getPropertiesComponent().setInitialProperties(file);
        overrides.forEach(context.getPropertiesComponent()::addOverrideProperty);
        return Settings.of(context);
    }
}
