package clickstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka 3.9 KRaft cluster (combined broker + controller, node id 1) running in this JVM, or one node of
 * an {@link EmbeddedKafkaCluster} ({@link ClusterMember}: node id 1..n, a static quorum of all the nodes, replication
 * factor up to 3).
 *
 * <p>PLAINTEXT on {@code localhost:port}, the controller listener on a free ephemeral port picked at each start
 * (the quorum is static, {@code controller.quorum.voters}, so the controller port is not persisted). The log
 * directory is formatted on first start like {@code kafka-storage format}; later starts reuse it and its cluster id.
 *
 * <p>With {@link SecureListeners} it also serves TLS the way a managed cluster such as Aiven does: an SSL listener
 * that requires a client certificate (mutual TLS) and a SASL_SSL listener with SCRAM users
 * ({@link #createScramUser}), both presenting the given server certificate. PLAINTEXT stays on for the broker's own
 * use and for test set-up.
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

    /**
     * TLS listeners beside PLAINTEXT, with PEM files as a managed service issues them.
     *
     * @param sslPort     SSL listener (client certificate required); 0 picks a free port
     * @param saslSslPort SASL_SSL listener (SCRAM-SHA-256/512, no client certificate); 0 picks a free port
     * @param keyFile     the broker's private key, PKCS#8 PEM
     * @param certFile    the broker's certificate (for localhost), PEM
     * @param caFile      the CA that signed the client certificates (and the broker's), PEM
     */
    public record SecureListeners(int sslPort, int saslSslPort, Path keyFile, Path certFile, Path caFile) {
    }

    /**
     * This broker's place in a cluster of several in this JVM ({@link EmbeddedKafkaCluster}): every node is a combined
     * broker + controller and a voter of the static quorum, so the cluster keeps a controller when any one node stops.
     *
     * @param nodeId          this node's {@code node.id}
     * @param controllerPorts every voter's controller port by node id, fixed for the cluster's life (static quorum)
     * @param clusterId       the id every node's storage is formatted with
     */
    record ClusterMember(int nodeId, Map<Integer, Integer> controllerPorts, String clusterId) {
        ClusterMember {
            controllerPorts = Map.copyOf(controllerPorts);
        }

        int brokers() {
            return controllerPorts.size();
        }
    }

    private final int port;
    private final Path logDir;
    private final SecureListeners secure;
    private final ClusterMember member;
    private KafkaRaftServer server;
    private volatile String clusterId;

    /**
     * @param port   the PLAINTEXT port on localhost; 0 picks a free one now, kept across restarts
     * @param logDir Kafka's log directory ({@code log.dirs}), also the metadata log directory
     */
    public EmbeddedKafkaBroker(int port, Path logDir) {
        this(port, logDir, (SecureListeners) null);
    }

    /**
     * @param secure the SSL and SASL_SSL listeners to serve as well; null for PLAINTEXT only
     */
    public EmbeddedKafkaBroker(int port, Path logDir, SecureListeners secure) {
        this(port, logDir, secure, null);
    }

    /** One node of an {@link EmbeddedKafkaCluster} (PLAINTEXT only). */
    EmbeddedKafkaBroker(int port, Path logDir, ClusterMember member) {
        this(port, logDir, null, member);
    }

    private EmbeddedKafkaBroker(int port, Path logDir, SecureListeners secure, ClusterMember member) {
        this.port = port == 0 ? Ports.freePort() : port;
        this.logDir = logDir.toAbsolutePath().normalize();
        this.member = member;
        if (secure == null) {
            this.secure = null;
        } else {
            int sslPort = secure.sslPort() == 0 ? freePortOtherThan(this.port) : secure.sslPort();
            int saslSslPort = secure.saslSslPort() == 0 ? freePortOtherThan(this.port, sslPort) : secure.saslSslPort();
            this.secure = new SecureListeners(sslPort, saslSslPort, secure.keyFile(), secure.certFile(), secure.caFile());
        }
    }

    public int port() {
        return port;
    }

    /** {@code node.id}: 1 alone, 1..n in a cluster. */
    public int nodeId() {
        return member == null ? NODE_ID : member.nodeId();
    }

    public Path logDir() {
        return logDir;
    }

    /** @return {@code localhost:port} */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** @return {@code localhost:sslPort}, the listener that requires a client certificate */
    public String sslBootstrapServers() {
        return "localhost:" + requireSecure().sslPort();
    }

    /** @return {@code localhost:saslSslPort}, the SCRAM listener over TLS */
    public String saslSslBootstrapServers() {
        return "localhost:" + requireSecure().saslSslPort();
    }

    private SecureListeners requireSecure() {
        if (secure == null) {
            throw new IllegalStateException("this broker was created without SecureListeners");
        }
        return secure;
    }

    /**
     * Adds (or updates) a SCRAM user for the SASL_SSL listener, SHA-256 and SHA-512, and waits until the broker
     * knows it.
     */
    public void createScramUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            // one mechanism per request: Kafka refuses two changes to one user in the same request
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                admin.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion(user, new ScramCredentialInfo(mechanism, 4096), password)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (admin.describeUserScramCredentials(List.of(user)).all().get(30, TimeUnit.SECONDS)
                    .get(user).credentialInfos().size() < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " not visible after " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The cluster id a formatted log directory holds, if it was formatted. */
    static Optional<String> clusterIdOnDisk(Path logDir) throws IOException {
        return new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(logDir.toAbsolutePath().normalize().toString()))
                .load().clusterId();
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
        if (secure != null) {
            Ports.requireFree(secure.sslPort());
            Ports.requireFree(secure.saslSslPort());
        }
        long t0 = System.nanoTime();
        Files.createDirectories(logDir);
        int controllerPort;
        if (member != null) {
            controllerPort = member.controllerPorts().get(member.nodeId());
            Ports.requireFree(controllerPort);
        } else {
            controllerPort = Ports.freePort();
            while (controllerPort == port || (secure != null
                    && (controllerPort == secure.sslPort() || controllerPort == secure.saslSslPort()))) {
                controllerPort = Ports.freePort();
            }
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
        p.put("node.id", String.valueOf(nodeId()));
        p.put("controller.quorum.voters", member == null ? NODE_ID + "@localhost:" + controllerPort : voters(member));
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (secure != null) {
            addSecureListeners(p);
        }
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir.toString());

        // one node: one replica; a cluster: up to 3 replicas, and with 3 an acks=all write needs 2 of them, so one
        // broker down loses nothing and blocks nothing
        int brokers = member == null ? 1 : member.brokers();
        String replicas = String.valueOf(Math.min(3, brokers));
        String minInSync = brokers >= 3 ? "2" : "1";
        p.put("num.partitions", "6");
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "1");
        // a new group waits this long for more members before its first assignment (Kafka's default is 3 s): the
        // indexer's consumer threads (indexer.consumers) then start with one assignment, instead of the first taking
        // every partition and a rebalance revoking them mid-batch, which would poll that batch again
        p.put("group.initial.rebalance.delay.ms", "500");

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

    /** SSL (mutual TLS, as Aiven's default listener) and SASL_SSL (SCRAM), both with the PEM files as given. */
    private void addSecureListeners(Properties p) {
        String ssl = "SSL://localhost:" + secure.sslPort() + ",SASL_SSL://localhost:" + secure.saslSslPort();
        p.put("listeners", p.getProperty("listeners") + "," + ssl);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + ssl);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SSL:SSL,SASL_SSL:SASL_SSL");
        String key = read(secure.keyFile());
        String cert = read(secure.certFile());
        String ca = read(secure.caFile());
        for (String listener : List.of("ssl", "sasl_ssl")) {
            String prefix = "listener.name." + listener + ".";
            p.put(prefix + "ssl.keystore.type", "PEM");
            p.put(prefix + "ssl.keystore.key", key);
            p.put(prefix + "ssl.keystore.certificate.chain", cert);
            p.put(prefix + "ssl.truststore.type", "PEM");
            p.put(prefix + "ssl.truststore.certificates", ca);
        }
        p.put("listener.name.ssl.ssl.client.auth", "required");
        p.put("listener.name.sasl_ssl.ssl.client.auth", "none");
        p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512");
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        p.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", scram);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scram);
    }

    private static String voters(ClusterMember member) {
        StringBuilder voters = new StringBuilder();
        member.controllerPorts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> voters
                .append(voters.length() == 0 ? "" : ",").append(e.getKey()).append("@localhost:").append(e.getValue()));
        return voters.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int freePortOtherThan(int... taken) {
        while (true) {
            int candidate = Ports.freePort();
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == candidate)) {
                return candidate;
            }
        }
    }

    /** Like {@code kafka-storage format --ignore-formatted}, keeping the cluster id already on disk if any. */
    private void format() throws Exception {
        MetaPropertiesEnsemble existing = new MetaPropertiesEnsemble.Loader().addLogDirs(List.of(logDir.toString())).load();
        Optional<String> onDisk = existing.clusterId();
        String id = member != null ? member.clusterId() : onDisk.orElseGet(() -> Uuid.randomUuid().toString());
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId())
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
        return "EmbeddedKafkaBroker[" + nodeId() + ", " + bootstrapServers() + ", " + logDir + "]";
    }
}
