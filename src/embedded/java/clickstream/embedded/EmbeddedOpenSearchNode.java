package clickstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.codelibs.opensearch.runner.OpenSearchRunnerException;
import org.codelibs.opensearch.runner.node.OpenSearchRunnerNode;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.plugins.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenSearch 2.19 node in this JVM, built with codelibs' {@link OpenSearchRunner}.
 *
 * <p>HTTP on exactly {@code port} on the loopback interface(s), transport on a free ephemeral port,
 * {@code discovery.type=single-node}, no security plugin, disk watermarks off. Home, data and (unused) logs live under
 * {@code homeDir/node_1}. OpenSearch's own log4j configuration is <em>not</em> applied
 * ({@code -disableESLogger}): its loggers go through the application's log4j2 configuration.
 *
 * <p>The node can be stopped and started again on the same data in the same JVM; each start builds a fresh runner
 * and node.
 *
 * <p>As one node of an {@link EmbeddedOpenSearchCluster} ({@link ClusterMember}) it finds the others by their
 * transport ports instead of forming a single-node cluster.
 */
public final class EmbeddedOpenSearchNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedOpenSearchNode.class);

    public static final String CLUSTER_NAME = "clickstream";
    private static final Duration YELLOW_TIMEOUT = Duration.ofSeconds(90);

    /**
     * The modules the app uses, of the runner's defaults: HTTP, analyzers, the ingest pipeline's {@code set}
     * processor (opensearch.ingest-timestamp) and the Mustache templates it compiles, mapper extras. Left out because
     * nothing here uses them and loading them is start-up time (Painless builds its whitelists, the rest add their
     * registries): Painless, expressions, percolator, parent-join, rank-eval, matrix and geo aggregations, the
     * user-agent ingest processor, URL repositories; and reindex (its client jar would clash with camel-opensearch's
     * REST client). docs/benchmark.md, start-up.
     */
    static final List<String> MODULES = List.of(
            "org.opensearch.transport.Netty4Plugin",
            "org.opensearch.analysis.common.CommonAnalysisPlugin",
            "org.opensearch.ingest.common.IngestCommonPlugin",
            "org.opensearch.script.mustache.MustachePlugin",
            "org.opensearch.index.mapper.MapperExtrasPlugin");

    /**
     * This node's place in a cluster of several in this JVM ({@link EmbeddedOpenSearchCluster}).
     *
     * @param nodeId          1..n, in the node name {@code clickstream-<id>}
     * @param transportPort   this node's transport port, fixed for the cluster's life (the others' seed hosts)
     * @param seedPorts       every node's transport port ({@code discovery.seed_hosts})
     * @param clusterManagers the names of the cluster-manager-eligible nodes ({@code cluster.initial_cluster_manager_nodes})
     */
    record ClusterMember(int nodeId, int transportPort, List<Integer> seedPorts, List<String> clusterManagers) {
        ClusterMember {
            seedPorts = List.copyOf(seedPorts);
            clusterManagers = List.copyOf(clusterManagers);
        }

        boolean clusterManager() {
            return clusterManagers.contains(nodeName(nodeId));
        }
    }

    /**
     * Nodes are built one at a time: two built at once in one JVM race in static plugin set-up (Painless' allowlists
     * fail with a ConcurrentModificationException). Waiting for the cluster stays parallel.
     */
    private static final Object BUILD_LOCK = new Object();

    private final int port;
    private final Path homeDir;
    private final ClusterMember member;
    private Runner runner;

    /**
     * @param port    the HTTP port on localhost; 0 picks a free one now, kept across restarts
     * @param homeDir the runner's base path; the node lives in {@code homeDir/node_1}
     */
    public EmbeddedOpenSearchNode(int port, Path homeDir) {
        this(port, homeDir, null);
    }

    /** One node of an {@link EmbeddedOpenSearchCluster}. */
    EmbeddedOpenSearchNode(int port, Path homeDir, ClusterMember member) {
        this.port = port == 0 ? Ports.freePort() : port;
        this.homeDir = homeDir.toAbsolutePath().normalize();
        this.member = member;
    }

    /** {@code clickstream-<id>}: the name of node {@code id} (1 alone). */
    static String nodeName(int nodeId) {
        return CLUSTER_NAME + "-" + nodeId;
    }

    /** The node's name in the cluster, {@code clickstream-<id>}. */
    public String name() {
        return nodeName(member == null ? 1 : member.nodeId());
    }

    public int port() {
        return port;
    }

    public Path homeDir() {
        return homeDir;
    }

    /** @return {@code http://localhost:port} */
    public String url() {
        return "http://localhost:" + port;
    }

    public synchronized boolean isRunning() {
        return runner != null;
    }

    /**
     * Starts the node and waits until the cluster is at least yellow.
     *
     * @return the base URL, {@code http://localhost:port}
     * @throws PortInUseException if the HTTP port is taken (one-line message)
     */
    public synchronized String start() throws Exception {
        if (runner != null) {
            return url();
        }
        Ports.requireFree(port);
        long t0 = System.nanoTime();
        // Netty's processor count may be set once per JVM; if anything else touched Netty first, OpenSearch would
        // fail with "availableProcessors is already set". Leave Netty's own default instead.
        if (System.getProperty("opensearch.set.netty.runtime.available.processors") == null) {
            System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
        }
        Files.createDirectories(homeDir);
        int transportPort;
        if (member != null) {
            transportPort = member.transportPort();
            Ports.requireFree(transportPort);
        } else {
            transportPort = Ports.freePort();
            while (transportPort == port) {
                transportPort = Ports.freePort();
            }
        }
        final int tport = transportPort;

        Runner r = new Runner();
        r.onBuild((index, settings) -> discovery(settings
                .put("cluster.name", CLUSTER_NAME)
                .put("node.name", name()))
                .put("network.host", "_local_")
                .put("http.port", String.valueOf(port))
                .put("transport.port", String.valueOf(tport))
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                // the heap is shared with Kafka and the app: only count what OpenSearch itself accounts for
                .put("indices.breaker.total.use_real_memory", false)
                .put("action.auto_create_index", true));
        try {
            synchronized (BUILD_LOCK) {
                r.build(OpenSearchRunner.newConfigs()
                        .basePath(homeDir.toString())
                        .numOfNode(1)
                        .clusterName(CLUSTER_NAME)
                        .useLogger()
                        .disableESLogger()
                        .moduleTypes(String.join(",", availableModules())));
            }
            runner = r;
            awaitYellow(r);
        } catch (Throwable e) {
            runner = null;
            closeQuietly(r);
            Throwable cause = e instanceof OpenSearchRunnerException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("OpenSearch node on " + url() + " failed to start: " + cause, cause);
        }
        LOG.info("OpenSearch node started on {} (data {}) in {} ms", url(), homeDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return url();
    }

    /**
     * Alone: a single-node cluster. In a cluster: the node's roles (a node that is not cluster-manager-eligible holds
     * data only, so stopping it is a data node's outage, not an election) and how it finds the others.
     */
    private Settings.Builder discovery(Settings.Builder settings) {
        if (member == null) {
            return settings.putList("node.roles", "cluster_manager", "data", "ingest").put("discovery.type", "single-node");
        }
        return settings
                .putList("node.roles", member.clusterManager() ? List.of("cluster_manager", "data", "ingest")
                        : List.of("data", "ingest"))
                .putList("discovery.seed_hosts", member.seedPorts().stream().map(p -> "127.0.0.1:" + p).toList())
                .putList("cluster.initial_cluster_manager_nodes", member.clusterManagers())
                // the build returns at once instead of waiting (30 s) for a cluster whose other nodes are not built
                // yet (BUILD_LOCK); start() then waits for yellow
                .put("discovery.initial_state_timeout", "0s");
    }

    /** Closes the node and waits for it (up to 10 s); the data stays. Never throws. */
    public synchronized void stop() {
        Runner r = runner;
        runner = null;
        if (r == null) {
            return;
        }
        long t0 = System.nanoTime();
        closeQuietly(r);
        LOG.info("OpenSearch node on {} stopped in {} ms", url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        stop();
    }

    /** The runner of the running node, e.g. for {@code runner().client()}; {@code null} when stopped. */
    public synchronized OpenSearchRunner runner() {
        return runner;
    }

    private static void awaitYellow(OpenSearchRunner r) {
        ClusterHealthResponse health = r.client().admin().cluster().prepareHealth()
                .setWaitForYellowStatus()
                .setTimeout(TimeValue.timeValueMillis(YELLOW_TIMEOUT.toMillis()))
                .get(TimeValue.timeValueMillis(YELLOW_TIMEOUT.toMillis() + 5_000));
        if (health.isTimedOut()) {
            throw new IllegalStateException("OpenSearch cluster not yellow after " + YELLOW_TIMEOUT + ": "
                    + health.getStatus());
        }
    }

    private static void closeQuietly(OpenSearchRunner r) {
        try {
            r.close();
        } catch (Throwable e) {
            LOG.warn("Error while closing the embedded OpenSearch node", e);
        }
    }

    private static List<String> availableModules() {
        List<String> modules = new ArrayList<>();
        for (String name : MODULES) {
            try {
                Class.forName(name, false, EmbeddedOpenSearchNode.class.getClassLoader()).asSubclass(Plugin.class);
                modules.add(name);
            } catch (ClassNotFoundException | LinkageError e) {
                if (name.endsWith("Netty4Plugin")) {
                    throw new IllegalStateException("OpenSearch HTTP transport " + name + " is not on the classpath", e);
                }
                LOG.debug("OpenSearch module {} is not on the classpath; skipped", name);
            }
        }
        return modules;
    }

    /**
     * The codelibs runner, with its per-node start replaced so that a node that fails in {@code start()} (a port
     * taken between the check and the bind, say) is closed instead of leaked with its data-directory lock and
     * threads, and with an explicit module list that leaves reindex out.
     */
    private static final class Runner extends OpenSearchRunner {

        Runner() {
            maxHttpPort = -1; // http.port is always given; never probe
        }

        @Override
        protected void execute(int id) {
            Path nodeHome = Path.of(basePath, "node_" + id);
            Path confPath = nodeHome.resolve(CONFIG_DIR);
            Path logsPath = nodeHome.resolve(LOGS_DIR);
            Path dataPath = nodeHome.resolve(DATA_DIR);
            createDir(confPath);
            createDir(logsPath);
            createDir(dataPath);

            Settings.Builder builder = Settings.builder();
            if (settingsBuilder != null) {
                settingsBuilder.build(id, builder);
            }
            putIfAbsent(builder, "path.home", nodeHome.toString());
            putIfAbsent(builder, "path.data", dataPath.toString());
            putIfAbsent(builder, "path.logs", logsPath.toString());
            putIfAbsent(builder, "cluster.name", clusterName);
            Settings settings = builder.build();
            String nodeName = settings.get("node.name", "node-" + id);

            Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(),
                    confPath, () -> nodeName);
            createDir(environment.modulesFile());
            createDir(environment.pluginsFile());

            OpenSearchRunnerNode node = null;
            try {
                node = new OpenSearchRunnerNode(environment, new ArrayList<>(moduleList));
                node.start();
            } catch (Exception e) {
                if (node != null) {
                    try {
                        node.close();
                        node.awaitClose(10, TimeUnit.SECONDS);
                    } catch (IOException | InterruptedException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw new OpenSearchRunnerException("Failed to start node " + id, e);
            }
            nodeList.add(node);
            envList.add(environment);
        }
    }
}
