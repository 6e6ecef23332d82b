package clickstream.embedded;

import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded Kafka broker and OpenSearch node until Ctrl-C.
 *
 * <p>System properties: {@code embedded.kafka.port} (9092), {@code embedded.opensearch.port} (9200),
 * {@code embedded.data-dir} ({@code target/embedded}).
 */
public final class EmbeddedServicesMain {

    private EmbeddedServicesMain() {
    }

    public static void main(String[] args) throws Exception {
        int kafkaPort = Integer.getInteger("embedded.kafka.port", 9092);
        int openSearchPort = Integer.getInteger("embedded.opensearch.port", 9200);
        Path dataDir = Path.of(System.getProperty("embedded.data-dir", "target/embedded")).toAbsolutePath();

        LocalEmbeddedServices services = new LocalEmbeddedServices();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("Stopping embedded services ...");
            services.close();
            stopped.countDown();
            // with shutdownHook="disable" in log4j2.xml the services' last log lines survive; flush and stop now
            org.apache.logging.log4j.LogManager.shutdown();
        }, "embedded-services-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        String property = "embedded.kafka.port";
        try {
            long t0 = System.nanoTime();
            String kafka = services.startKafka(kafkaPort, dataDir);
            System.out.printf("Kafka: %s (started in %d ms)%n", kafka, (System.nanoTime() - t0) / 1_000_000);
            property = "embedded.opensearch.port";
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
        System.out.println("Data: " + dataDir);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
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
