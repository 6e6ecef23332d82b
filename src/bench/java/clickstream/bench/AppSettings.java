package clickstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;

import clickstream.config.Settings;
import clickstream.embedded.Ports;
import clickstream.it.RunningApp;

/**
 * The app's properties as the app sees them (application.properties, then the given overrides, then -D and the
 * environment on top), for the parts of the benchmark that use the app's classes outside a running app: the index
 * template, the topics, the OpenSearch client.
 */
final class AppSettings {

    private AppSettings() {
    }

    /**
     * The override properties of an app reading {@code topic} with a consumer group and index prefix named
     * {@code name} (its dead letters to {@code name.dlq}), its HTTP server on a free port: the default 8080 may be
     * taken on a shared machine.
     */
    static Map<String, String> forTopic(String brokers, String openSearchUrl, String topic, String name) {
        Map<String, String> props = RunningApp.pipelineProperties(brokers, openSearchUrl, topic, name + ".dlq", name, name);
        props.put("http.port", Integer.toString(Ports.freePort()));
        return props;
    }

    static Settings of(Map<String, String> overrides) {
        return Settings.of(context(overrides));
    }

    /** A context lending those properties (never started), for what binds Camel component options from them. */
    static DefaultCamelContext context(Map<String, String> overrides) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties file = new Properties();
        try (InputStream in = AppSettings.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getPropertiesComponent().setInitialProperties(file);
        overrides.forEach(context.getPropertiesComponent()::addOverrideProperty);
        return context;
    }
}
