package clickstream.embedded;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EmbeddedServices} backed by an {@link EmbeddedKafkaCluster} and an {@link EmbeddedOpenSearchCluster} in this
 * JVM, one broker and one node unless built with more ({@link #LocalEmbeddedServices(int, int)}: the services JVM's
 * {@code embedded.kafka.brokers} and {@code embedded.opensearch.nodes}, the cluster tests). Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/clickstream.embedded.EmbeddedServices}).
 *
 * <p>{@code dataDir} may be the same for both services: Kafka keeps its logs in {@code dataDir/kafka}, OpenSearch its
 * home and data in {@code dataDir/opensearch}. Both survive a stop and a start on the same directory.
 *
 * <p>{@link #stopKafka()}, {@link #restartKafka()}, {@link #stopOpenSearch()} and {@link #restartOpenSearch()}
 * simulate outages (same ports, same data).
 *
 * <p>Kafka and OpenSearch have separate locks: the two can be started from two threads at once, which on a 2-core
 * machine saves a few seconds over starting them one after the other.
 */
public class LocalEmbeddedServices implements EmbeddedServices {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEmbeddedServices.class);

    public static final String KAFKA_DIR = "kafka";
    public static final String OPENSEARCH_DIR = "opensearch";

    private final Object kafkaLock = new Object();
    private final Object openSearchLock = new Object();
    private final int kafkaBrokers;
    private final int openSearchNodes;
    private EmbeddedKafkaCluster kafka;
    private EmbeddedOpenSearchCluster openSearch;

    /** One broker and one node; for {@link java.util.ServiceLoader}. */
    public LocalEmbeddedServices() {
        this(1, 1);
    }

    /**
     * @param kafkaBrokers    KRaft nodes in one cluster, ports from the one given to {@link #startKafka} on
     * @param openSearchNodes OpenSearch nodes in one cluster, HTTP ports from the one given to {@link #startOpenSearch} on
     */
    public LocalEmbeddedServices(int kafkaBrokers, int openSearchNodes) {
        if (kafkaBrokers < 1 || openSearchNodes < 1) {
            throw new IllegalArgumentException("at least one broker and one node, not " + kafkaBrokers + " and "
                    + openSearchNodes);
        }
        this.kafkaBrokers = kafkaBrokers;
        this.openSearchNodes = openSearchNodes;
    }

    /**
     * {@inheritDoc}
     *
     * @param port    the (first broker's) PLAINTEXT port; 0 picks free ones
     * @param dataDir the logs go to {@code dataDir/kafka} (several brokers: {@link EmbeddedKafkaCluster})
     * @throws PortInUseException ({@code port 9092 is already in use}) if the port is taken
     */
    @Override
    public String startKafka(int port, Path dataDir) throws Exception {
        synchronized (kafkaLock) {
            if (kafka != null && kafka.isRunning()) {
                throw new IllegalStateException("Kafka is already running on " + kafka.bootstrapServers());
            }
            kafka = new EmbeddedKafkaCluster(port, kafkaBrokers, dataDir);
            return kafka.start();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @param port    the (first node's) HTTP port; 0 picks free ones
     * @param dataDir the node lives in {@code dataDir/opensearch} (several nodes: {@link EmbeddedOpenSearchCluster})
     * @throws PortInUseException ({@code port 9200 is already in use}) if the port is taken
     */
    @Override
    public String startOpenSearch(int port, Path dataDir) throws Exception {
        synchronized (openSearchLock) {
            if (openSearch != null && openSearch.isRunning()) {
                throw new IllegalStateException("OpenSearch is already running on " + openSearch.urls());
            }
            openSearch = new EmbeddedOpenSearchCluster(port, openSearchNodes, dataDir);
            return openSearch.start();
        }
    }

    /** Stops the broker, keeping its data and port for {@link #restartKafka()}. */
    @Override
    public void stopKafka() {
        synchronized (kafkaLock) {
            if (kafka != null) {
                kafka.stop();
            }
        }
    }

    /** Starts the broker again (stopping it first if it runs) on the same port and data. */
    @Override
    public String restartKafka() throws Exception {
        synchronized (kafkaLock) {
            if (kafka == null) {
                throw new IllegalStateException("Kafka was never started");
            }
            kafka.stop();
            return kafka.start();
        }
    }

    /** Stops the node, keeping its data and port for {@link #restartOpenSearch()}. */
    @Override
    public void stopOpenSearch() {
        synchronized (openSearchLock) {
            if (openSearch != null) {
                openSearch.stop();
            }
        }
    }

    /** Starts the node again (stopping it first if it runs) on the same port and data, waiting for yellow. */
    @Override
    public String restartOpenSearch() throws Exception {
        synchronized (openSearchLock) {
            if (openSearch == null) {
                throw new IllegalStateException("OpenSearch was never started");
            }
            openSearch.stop();
            return openSearch.start();
        }
    }

    /** @return the broker(s), or {@code null} if {@link #startKafka} was never called */
    public EmbeddedKafkaCluster kafka() {
        synchronized (kafkaLock) {
            return kafka;
        }
    }

    /** @return the node(s), or {@code null} if {@link #startOpenSearch} was never called */
    public EmbeddedOpenSearchCluster openSearch() {
        synchronized (openSearchLock) {
            return openSearch;
        }
    }

    /** Stops OpenSearch, then Kafka; never throws. */
    @Override
    public void close() {
        try {
            synchronized (openSearchLock) {
                if (openSearch != null) {
                    openSearch.stop();
                }
            }
        } catch (Throwable e) {
            LOG.warn("Could not stop the embedded OpenSearch node", e);
        }
        try {
            synchronized (kafkaLock) {
                if (kafka != null) {
                    kafka.stop();
                }
            }
        } catch (Throwable e) {
            LOG.warn("Could not stop the embedded Kafka broker", e);
        }
    }
}
