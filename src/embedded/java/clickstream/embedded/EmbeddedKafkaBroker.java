package clickstream.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 3.9 KRaft cluster (combined broker + controller, node id 1) running in this JVM.
 *
 * <p>PLAINTEXT on {@code localhost:port}, the controller listener on a free ephemeral port picked at each start
 * (the quorum is static, {@code controller.quorum.voters}, so the controller port is not persisted). The log
 * directory is formatted on first start like {@code kafka-storage format}; later starts reuse it and its cluster id.
 *
 * <p>Kafka's fatal paths call {@link Exit#exit}/{@link Exit#halt}; those are replaced JVM-wide (once) so that a broker
 * failure is logged and thrown instead of killing the JVM this runs in (Maven's under {@code mvn camel:run}, a test
 * JVM under failsafe).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static volatile boolean exitGuardsInstalled;

    private final int port;
    private final Path logDir;
    private KafkaRaftServer server;
    private volatile String clusterId;

    /**
     * @param port   the PLAINTEXT port on localhost; 0 picks a free one now, kept across restarts
     * @param logDir Kafka's log directory ({@code log.dirs}), also the metadata log directory
     */
    public EmbeddedKafkaBroker(int port, Path logDir) {
        this.port = port == 0 ? Ports.freePort() : port;
        this.logDir = logDir.toAbsolutePath().normalize();
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** @return {@code localhost:port} */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The cluster id stored in {@code meta.properties}, once started. */
    public String clusterId() {
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Formats the storage if needed, starts the broker and waits until an admin client sees it.
     *
     * @return the bootstrap servers, {@code localhost:port}
     * @throws PortInUseException if the port is taken (one-line message)
     */
    public synchronized String start() throws Exception {
        if (server != null) {
            return bootstrapServers();
        }
        installExitGuards();
        Ports.requireFree(port);
        long t0 = System.nanoTime();
        Files.createDirectories(logDir);
        int controllerPort = Ports.freePort();
        while (controllerPort == port) {
            controllerPort = Ports.freePort();
        }
        KafkaConfig config = new KafkaConfig(brokerProperties(controllerPort), false);
        format();

        KafkaRaftServer raftServer = null;
        try {
            raftServer = new KafkaRaftServer(config, Time.SYSTEM);
            raftServer.startup();
            server = raftServer;
            awaitReady();
        } catch (Throwable e) {
            server = null;
            if (raftServer != null) {
                shutdownQuietly(raftServer);
            }
            if (e instanceof Exception) {
                throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " failed to start: " + e, e);
            }
            throw e;
        }
        LOG.info("Kafka broker started on {} (data {}) in {} ms", bootstrapServers(), logDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return bootstrapServers();
    }

    /** Shuts the broker down (controlled) and waits for it; the data stays. Never throws. */
    public synchronized void stop() {
        KafkaRaftServer raftServer = server;
        server = null;
        if (raftServer == null) {
            return;
        }
        long t0 = System.nanoTime();
        shutdownQuietly(raftServer);
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        stop();
    }

    private static void shutdownQuietly(KafkaRaftServer raftServer) {
        try {
            raftServer.shutdown();
            raftServer.awaitShutdown();
        } catch (Throwable e) {
            LOG.warn("Error while shutting down the embedded Kafka broker", e);
        }
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir.toString());

        // one node
        p.put("num.partitions", "6");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");

        // small footprint: few threads, a small log-cleaner dedupe buffer (128 MiB of heap by default)
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.cleaner.io.buffer.size", String.valueOf(256 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(128 * 1024 * 1024));
        p.put("log.retention.hours", "24");

        // quick, predictable start and stop on one node
        p.put("controlled.shutdown.enable", "true");
        p.put("controlled.shutdown.max.retries", "1");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "9000");
        return p;
    }

    /** Like {@code kafka-storage format --ignore-formatted}, keeping the cluster id already on disk if any. */
    private void format() throws Exception {
        MetaPropertiesEnsemble existing = new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(logDir.toString())).load();
        Optional<String> onDisk = existing.clusterId();
        String id = onDisk.orElseGet(() -> Uuid.randomUuid().toString());
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(id)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString());
        formatter.addDirectory(logDir.toString());
        formatter.run();
        clusterId = id;
        if (onDisk.isEmpty()) {
            LOG.info("Formatted Kafka storage {} with cluster id {}", logDir, id);
        }
    }

    private void awaitReady() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                            .nodes().get(6, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " not ready after " + READY_TIMEOUT,
                last);
    }

    /**
     * Replaces Kafka's {@link Exit} procedures JVM-wide: a fatal Kafka error is logged and thrown as
     * {@link KafkaFatalError} in the failing Kafka thread instead of calling {@code System.exit}/{@code Runtime.halt}.
     */
    public static synchronized void installExitGuards() {
        if (exitGuardsInstalled) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            KafkaFatalError error = new KafkaFatalError("exit", status, message);
            LOG.error("Embedded Kafka asked to exit the JVM; refused", error);
            throw error;
        });
        Exit.setHaltProcedure((status, message) -> {
            KafkaFatalError error = new KafkaFatalError("halt", status, message);
            LOG.error("Embedded Kafka asked to halt the JVM; refused", error);
            throw error;
        });
        exitGuardsInstalled = true;
    }

    /** What Kafka throws instead of exiting or halting the JVM. */
    public static final class KafkaFatalError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaFatalError(String what, int status, String message) {
            super("Kafka called Exit." + what + "(" + status + (message == null ? "" : ", " + message)
                    + "); the JVM was kept alive, the embedded broker is probably broken");
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + logDir + "]";
    }
}
