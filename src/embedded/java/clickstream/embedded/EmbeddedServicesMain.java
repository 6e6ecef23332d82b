package clickstream.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;

/**
 * Runs the embedded Kafka broker(s) and OpenSearch node(s) until Ctrl-C.
 *
 * <p>System properties over application.properties: {@code embedded.kafka.port} (9092), {@code embedded.opensearch.port}
 * (9200), {@code embedded.data-dir} ({@code target/embedded}), {@code embedded.kafka.brokers} (1) and
 * {@code embedded.opensearch.nodes} (1): several make one cluster each, on the next ports (docs/clusters.md).
 */
public final class EmbeddedServicesMain {

    private EmbeddedServicesMain() {
    }

    public static void main(String[] args) throws Exception {
        int kafkaPort;
        int openSearchPort;
        int brokers;
        int nodes;
        Path dataDir;
        try {
            Settings settings = settings();
            kafkaPort = settings.get(SettingsCatalog.Embedded.KAFKA_PORT);
            openSearchPort = settings.get(SettingsCatalog.Embedded.OPENSEARCH_PORT);
            brokers = settings.get(SettingsCatalog.Embedded.KAFKA_BROKERS);
            nodes = settings.get(SettingsCatalog.Embedded.OPENSEARCH_NODES);
            dataDir = Path.of(settings.get(SettingsCatalog.Embedded.DATA_DIR)).toAbsolutePath();
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }

        LocalEmbeddedServices services = new LocalEmbeddedServices(brokers, nodes);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping embedded services ...");
            services.close();
            stopped.countDown();
            // with shutdownHook="disable" in log4j2.xml the services' last log lines survive; flush and stop now
            org.apache.logging.log4j.LogManager.shutdown();
        }, "embedded-services-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        String property = SettingsCatalog.Embedded.KAFKA_PORT.key();
        try {
            long t0 = System.nanoTime();
            String kafka = services.startKafka(kafkaPort, dataDir);
            System.out.printf("Kafka: %s (started in %d ms)%n", kafka, (System.nanoTime() - t0) / 1_000_000);
            property = SettingsCatalog.Embedded.OPENSEARCH_PORT.key();
            t0 = System.nanoTime();
            String openSearch = services.startOpenSearch(openSearchPort, dataDir);
            System.out.printf("OpenSearch: %s (started in %d ms)%n", openSearch, (System.nanoTime() - t0) / 1_000_000);
        } catch (BindException e) {
            System.err.println(e.getMessage() + " (choose another with -D" + property + "=<port>)");
            shutdown(services, hook);
            System.exit(1);
        } catch (Exception e) {
            System.err.println("Could not start the embedded services: " + e.getMessage());
            e.printStackTrace();
            shutdown(services, hook);
            System.exit(1);
        }
        if (brokers > 1 || nodes > 1) {
            // what the app needs to use them as a cluster (docs/clusters.md)
            System.out.printf("Run the app with -Dkafka.brokers=%s -Dopensearch.hosts=%s -D%s=%d -D%s=%d%n",
                    services.kafka().bootstrapServers(), services.openSearch().urls(),
                    SettingsCatalog.Kafka.REPLICATION_FACTOR.key(), Math.min(3, brokers),
                    SettingsCatalog.OpenSearch.REPLICAS.key(), nodes > 1 ? 1 : 0);
        }
        System.out.println("Data: " + dataDir);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** application.properties with the -D options on top, as the app reads them. */
    private static Settings settings() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedServicesMain.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        properties.putAll(System.getProperties());
        return Settings.of(properties);
    }

    private static void shutdown(LocalEmbeddedServices services, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        services.close();
    }
}
