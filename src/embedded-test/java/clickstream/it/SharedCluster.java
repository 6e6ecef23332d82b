package clickstream.it;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import clickstream.embedded.EmbeddedKafkaCluster;
import clickstream.embedded.EmbeddedOpenSearchCluster;
import clickstream.embedded.LocalEmbeddedServices;

/**
 * One 3-broker Kafka cluster and one 2-node OpenSearch cluster per test JVM, on free ports, shared by the cluster fault
 * tests ({@code @Tag("cluster")}, their own failsafe execution in pom.xml, so the single-node {@link SharedServices} of
 * the other tests never starts beside it). The tests stop and start single brokers and nodes through
 * {@link #kafka()} and {@link #openSearch()}; each test uses its own topic and index prefix.
 */
final class SharedCluster {

    static final int BROKERS = 3;
    static final int OPENSEARCH_NODES = 2;

    private static SharedCluster instance;

    private final LocalEmbeddedServices services;
    private final String brokers;
    private final String openSearchUrls;

    private SharedCluster() throws Exception {
        Path dataDir = Path.of(System.getProperty("clickstream.cluster.data-dir", "target/it-cluster")).toAbsolutePath();
        SharedServices.deleteRecursively(dataDir); // every test JVM starts from empty clusters
        services = new LocalEmbeddedServices(BROKERS, OPENSEARCH_NODES);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "embedded-cluster-shutdown"));
        long t0 = System.nanoTime();
        // both at once: each spends most of its start waiting on itself (as ServicesBootstrap does)
        CompletableFuture<String> kafka = CompletableFuture.supplyAsync(() -> start(() -> services.startKafka(0, dataDir)));
        openSearchUrls = services.startOpenSearch(0, dataDir);
        brokers = kafka.join();
        System.out.printf("SharedCluster: %d brokers (%s) and %d OpenSearch nodes (%s) started in %.1f s%n", BROKERS,
                brokers, OPENSEARCH_NODES, openSearchUrls, (System.nanoTime() - t0) / 1e9);
    }

    private static String start(Callable<String> start) {
        try {
            return start.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized SharedCluster get() {
        if (instance == null) {
            try {
                instance = new SharedCluster();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded clusters", e);
            }
        }
        return instance;
    }

    EmbeddedKafkaCluster kafka() {
        return services.kafka();
    }

    EmbeddedOpenSearchCluster openSearch() {
        return services.openSearch();
    }

    /** Every broker, {@code localhost:p1,localhost:p2,localhost:p3}. */
    String brokers() {
        return brokers;
    }

    /** Every node's base URL, comma-separated, as {@code opensearch.hosts} takes them. */
    String openSearchUrls() {
        return openSearchUrls;
    }

    /** Node 1, the cluster manager, which the tests never stop. */
    String managerUrl() {
        return openSearch().node(1).url();
    }
}
