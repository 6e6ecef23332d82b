package clickstream.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;

class ReconcileMainTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        System.clearProperty("embedded.kafka.port");
        System.clearProperty("opensearch.hosts");
        System.clearProperty("opensearch.index-prefix");
        context.close();
    }

    @Test
    void readsTheAppSettingsAndDefaultsToTheEmbeddedServices() {
        Settings settings = ReconcileMain.settings(context.getPropertiesComponent());
        assertThat(settings.get(SettingsCatalog.Kafka.TOPIC)).isEqualTo("clickstream");
        assertThat(settings.get(SettingsCatalog.Kafka.DLQ_TOPIC)).isEqualTo("clickstream.dlq");
        assertThat(settings.get(SettingsCatalog.Kafka.BROKERS)).isEqualTo("localhost:9092");
        assertThat(settings.get(SettingsCatalog.OpenSearch.HOSTS)).isEqualTo("http://localhost:9200");
        assertThat(settings.get(SettingsCatalog.Reconcile.COUNT_DUPLICATES)).isFalse();
        assertThat(Reconciler.Scope.of(settings)).isEqualTo(
                new Reconciler.Scope("clickstream", "clickstream.dlq", "clickstream", "clickstream-indexer"));
    }

    @Test
    void systemPropertiesWinAsInTheApp() {
        System.setProperty("embedded.kafka.port", "19092");
        System.setProperty("opensearch.hosts", "https://search.example:9201");
        Settings settings = ReconcileMain.settings(context.getPropertiesComponent());
        assertThat(settings.get(SettingsCatalog.Kafka.BROKERS)).isEqualTo("localhost:19092");
        assertThat(settings.get(SettingsCatalog.OpenSearch.HOSTS)).isEqualTo("https://search.example:9201");
    }

    @Test
    void aWrongSettingIsOneLineAndExitCodeTwo() {
        System.setProperty("opensearch.index-prefix", "Not Valid");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReconcileMain.settings(context.getPropertiesComponent());
        int code = ReconcileMain.run(context,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("clickstream: opensearch.index-prefix = 'Not Valid'")
                .hasLineCount(1);
    }
}
