package clickstream.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code brokers} KRaft nodes in this JVM forming one cluster: each a combined broker + controller with its own log
 * directory and ports, all voters of one static quorum (so any one node can stop and the others keep a controller and
 * the partition leaders move). Topics get {@code min(3, brokers)} replicas and, from 3 brokers, {@code
 * min.insync.replicas=2}. One broker is exactly the single {@link EmbeddedKafkaBroker} (its data in {@code
 * dataDir/kafka}); several keep theirs in {@code dataDir/kafka-<n>-brokers/broker-<id>}, so a cluster of another size
 * never reads the wrong metadata.
 *
 * <p>PLAINTEXT ports: {@code firstPort}, {@code firstPort + 1}, ... (all free ones when {@code firstPort} is 0);
 * controller ports are picked once, when the cluster is built, and kept across restarts (the quorum is static).
 * {@link #broker(int)} gives one node to stop and start on its own, for the fault tests and for demos.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<EmbeddedKafkaBroker> brokers;

    /**
     * @param firstPort the first broker's PLAINTEXT port, the others on the next ones; 0 picks free ports
     * @param brokers   how many nodes, 1 or more
     * @param dataDir   the services' data directory (see the class comment for the layout)
     */
    public EmbeddedKafkaCluster(int firstPort, int brokers, Path dataDir) throws Exception {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one broker, not " + brokers);
        }
        if (brokers == 1) {
            this.brokers = List.of(new EmbeddedKafkaBroker(firstPort, dataDir.resolve(LocalEmbeddedServices.KAFKA_DIR)));
            return;
        }
        Path root = dataDir.resolve(LocalEmbeddedServices.KAFKA_DIR + "-" + brokers + "-brokers");
        Set<Integer> taken = new HashSet<>();
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (int id = 1; id <= brokers; id++) {
            int port = firstPort == 0 ? freePortOtherThan(taken) : firstPort + id - 1;
            taken.add(port);
            ports.put(id, port);
        }
        Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
        for (int id = 1; id <= brokers; id++) {
            int port = freePortOtherThan(taken);
            taken.add(port);
            controllerPorts.put(id, port);
        }
        String clusterId = null;
        for (int id = 1; id <= brokers && clusterId == null; id++) {
            clusterId = EmbeddedKafkaBroker.clusterIdOnDisk(brokerDir(root, id)).orElse(null);
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        List<EmbeddedKafkaBroker> nodes = new ArrayList<>();
        for (int id = 1; id <= brokers; id++) {
            nodes.add(new EmbeddedKafkaBroker(ports.get(id), brokerDir(root, id),
                    new EmbeddedKafkaBroker.ClusterMember(id, controllerPorts, clusterId)));
        }
        this.brokers = List.copyOf(nodes);
    }

    private static Path brokerDir(Path root, int id) {
        return root.resolve("broker-" + id);
    }

    private static int freePortOtherThan(Set<Integer> taken) {
        while (true) {
            int port = Ports.freePort();
            if (!taken.contains(port)) {
                return port;
            }
        }
    }

    /**
     * Starts every broker that is not running and waits until an admin client sees all of them. The nodes start at
     * once, each on a thread of its own: a broker's start waits for a quorum, which needs most of the others.
     *
     * @return the bootstrap servers, {@code localhost:p1,localhost:p2,...}
     */
    public String start() throws Exception {
        long t0 = System.nanoTime();
        StartInParallel.all(brokers, b -> "embedded-kafka-start-" + b.nodeId(), EmbeddedKafkaBroker::start);
        if (brokers.size() > 1) {
            awaitAllBrokers();
            LOG.info("Kafka cluster of {} brokers on {} started in {} ms", brokers.size(), bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        return bootstrapServers();
    }

    private void awaitAllBrokers() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(6, TimeUnit.SECONDS).size() == brokers.size()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not all " + brokers.size() + " Kafka brokers registered after "
                            + READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops every broker, all at once (one by one, the last ones would wait for a quorum that is gone). Never throws. */
    public void stop() {
        List<Thread> stops = new ArrayList<>();
        for (EmbeddedKafkaBroker broker : brokers) {
            Thread thread = new Thread(broker::stop, "embedded-kafka-stop-" + broker.nodeId());
            thread.start();
            stops.add(thread);
        }
        for (Thread thread : stops) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return {@code true} while every broker runs */
    public boolean isRunning() {
        return brokers.stream().allMatch(EmbeddedKafkaBroker::isRunning);
    }

    /** @return every broker, running or not */
    public String bootstrapServers() {
        return brokers.stream().map(EmbeddedKafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    public List<EmbeddedKafkaBroker> brokers() {
        return brokers;
    }

    /** The broker with this {@code node.id} (1..n). */
    public EmbeddedKafkaBroker broker(int nodeId) {
        Optional<EmbeddedKafkaBroker> broker = brokers.stream().filter(b -> b.nodeId() == nodeId).findFirst();
        return broker.orElseThrow(() -> new IllegalArgumentException("no broker with node.id " + nodeId + " in "
                + brokers.size()));
    }
}
