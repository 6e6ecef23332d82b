package clickstream.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nodes} OpenSearch nodes in this JVM forming one cluster, {@code clickstream}. One node is exactly the single
 * {@link EmbeddedOpenSearchNode} (home in {@code dataDir/opensearch}); several keep theirs in
 * {@code dataDir/opensearch-<n>-nodes/node-<id>}. With 2 nodes, node 1 is the cluster manager (and holds data) and
 * node 2 holds data only: stopping node 2 is a data node's outage, whose primaries fail over to their replicas on
 * node 1, never an election that two nodes could not win. From 3 nodes, nodes 1-3 are cluster-manager-eligible.
 * Indices need {@code opensearch.index.replicas} 1 for a node's data to survive it (the app's default).
 *
 * <p>HTTP ports: {@code firstPort}, {@code firstPort + 1}, ... (all free ones when {@code firstPort} is 0);
 * transport ports are picked once and kept across restarts (they are the seed hosts). {@link #node(int)} gives one
 * node to stop and start on its own.
 */
public final class EmbeddedOpenSearchCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedOpenSearchCluster.class);

    private final List<EmbeddedOpenSearchNode> nodes;

    /**
     * @param firstPort the first node's HTTP port, the others on the next ones; 0 picks free ports
     * @param nodes     how many nodes, 1 or more
     * @param dataDir   the services' data directory (see the class comment for the layout)
     */
    public EmbeddedOpenSearchCluster(int firstPort, int nodes, Path dataDir) {
        if (nodes < 1) {
            throw new IllegalArgumentException("an OpenSearch cluster needs at least one node, not " + nodes);
        }
        if (nodes == 1) {
            this.nodes = List.of(new EmbeddedOpenSearchNode(firstPort, dataDir.resolve(LocalEmbeddedServices.OPENSEARCH_DIR)));
            return;
        }
        Path root = dataDir.resolve(LocalEmbeddedServices.OPENSEARCH_DIR + "-" + nodes + "-nodes");
        Set<Integer> taken = new HashSet<>();
        List<Integer> httpPorts = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            int port = firstPort == 0 ? freePortOtherThan(taken) : firstPort + id - 1;
            taken.add(port);
            httpPorts.add(port);
        }
        List<Integer> transportPorts = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            int port = freePortOtherThan(taken);
            taken.add(port);
            transportPorts.add(port);
        }
        List<String> managers = new ArrayList<>();
        for (int id = 1; id <= (nodes >= 3 ? 3 : 1); id++) {
            managers.add(EmbeddedOpenSearchNode.nodeName(id));
        }
        List<EmbeddedOpenSearchNode> list = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            list.add(new EmbeddedOpenSearchNode(httpPorts.get(id - 1), root.resolve("node-" + id),
                    new EmbeddedOpenSearchNode.ClusterMember(id, transportPorts.get(id - 1), transportPorts, managers)));
        }
        this.nodes = List.copyOf(list);
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
     * Starts every node that is not running, all at once (a cluster-manager-eligible node waits for the others to
     * elect; the nodes are built one after the other, see EmbeddedOpenSearchNode), and waits until each sees the
     * cluster at least yellow.
     *
     * @return the base URLs, {@code http://localhost:p1,http://localhost:p2,...}
     */
    public String start() throws Exception {
        long t0 = System.nanoTime();
        StartInParallel.all(nodes, n -> "embedded-opensearch-start-" + n.name(), EmbeddedOpenSearchNode::start);
        if (nodes.size() > 1) {
            LOG.info("OpenSearch cluster of {} nodes on {} started in {} ms", nodes.size(), urls(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        return urls();
    }

    /** Stops the nodes, the data-only ones first, the cluster manager last. Never throws. */
    public void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return {@code true} while every node runs */
    public boolean isRunning() {
        return nodes.stream().allMatch(EmbeddedOpenSearchNode::isRunning);
    }

    /** @return every node's base URL, running or not, comma-separated (as {@code opensearch.hosts} takes them) */
    public String urls() {
        return nodes.stream().map(EmbeddedOpenSearchNode::url).collect(Collectors.joining(","));
    }

    public List<EmbeddedOpenSearchNode> nodes() {
        return nodes;
    }

    /** Node {@code id} (1..n). */
    public EmbeddedOpenSearchNode node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("no OpenSearch node " + id + " in " + nodes.size());
        }
        return nodes.get(id - 1);
    }
}
