package clickstream.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ServiceLoader;

import clickstream.embedded.EmbeddedServices;
import clickstream.embedded.Ports;

/**
 * One embedded Kafka broker and one OpenSearch node per test JVM, on free ports (so a developer's running app on
 * 9092/9200 does not clash), shared by every integration test; each test uses its own topic and index prefix.
 */
public final class SharedServices {

    private static SharedServices instance;

    private final EmbeddedServices services;
    private final String brokers;
    private final String openSearchUrl;

    private SharedServices() throws Exception {
        Path dataDir = Path.of(System.getProperty("clickstream.embedded.data-dir", "target/it-embedded")).toAbsolutePath();
        deleteRecursively(dataDir); // every test JVM starts from empty services: no topic or index from an earlier run
        services = ServiceLoader.load(EmbeddedServices.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("embedded services missing: run the tests with the embedded profile"));
        brokers = services.startKafka(Ports.freePort(), dataDir);
        openSearchUrl = services.startOpenSearch(Ports.freePort(), dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "embedded-services-shutdown"));
    }

    /** Deletes a folder and what it holds; nothing when it is not there. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static synchronized SharedServices get() {
        if (instance == null) {
            try {
                instance = new SharedServices();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded services", e);
            }
        }
        return instance;
    }

    public EmbeddedServices services() {
        return services;
    }

    public String brokers() {
        return brokers;
    }

    public String openSearchUrl() {
        return openSearchUrl;
    }
}
