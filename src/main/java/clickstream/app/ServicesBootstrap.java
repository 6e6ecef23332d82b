package clickstream.app;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.embedded.EmbeddedServices;
import clickstream.embedded.Ports;
import clickstream.connect.ClientPerEndpointOpensearchComponent;
import clickstream.connect.IndexTemplateInstaller;
import clickstream.connect.KafkaClientConfig;
import clickstream.connect.OpenSearchConnection;
import clickstream.connect.TopicProvisioner;

/**
 * Brings up what the routes talk to before any bean or route is built: the embedded broker and node when
 * {@code kafka.brokers} / {@code opensearch.hosts} are not set, the opensearch component and the OpenSearch
 * connection; the topics and the index template follow when the context starts, after every configuration has checked
 * its settings and before any route starts. The first of {@code camel.main.configuration-classes}
 * (application.properties), so {@code mvn camel:run}, Camel JBang and the container image run it alike: camel-main has
 * set up the properties and the vault ({@code camel.vault.hashicorp.*}) by then, so a vault placeholder ({@code hashicorp:secret:...})
 * password resolves here as in the routes.
 * <p>
 * Its work is in {@link #configure}, not in a {@code @BindToRegistry} factory: Camel Main 4.17 post-processes a listed
 * configuration class twice (its injector, then loadConfigurations), so such a factory would run twice.
 */
public final class ServicesBootstrap implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServicesBootstrap.class);

    private EmbeddedServices embedded;
    private OpenSearchConnection openSearch;

    @Override
    public void configure(CamelContext context) throws Exception {
        try {
            connect(context);
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                    if (alreadyStarted) {
                        return;
                    }
                    try {
                        provision(starting);
                    } catch (RuntimeException | Error e) {
                        closeServices();
                        throw e;
                    }
                }

                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // provisioned while starting
                }
            });
        } catch (Exception | Error e) {
            closeServices();
            throw e;
        }
    }

    /**
     * Checks the settings, starts the embedded services that are not configured, and binds the OpenSearch connection
     * and component.
     */
    private void connect(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = new Settings(properties);

        requireRouteFolders(settings);
        // every setting against its declaration, also those the routes only read as placeholders: one line if wrong
        settings.requireValid(SettingsCatalog.ALL);
        Optional<String> brokers = settings.optional(SettingsCatalog.Kafka.BROKERS);
        Optional<String> hosts = settings.optional(SettingsCatalog.OpenSearch.HOSTS);
        String protocol = settings.optional(KafkaClientConfig.PROTOCOL).orElse("PLAINTEXT") /* camel-kafka's default */;
        if (brokers.isEmpty() && !protocol.equals("PLAINTEXT")) {
            throw new ConfigurationException(KafkaClientConfig.PROTOCOL + " = " + protocol
                    + " needs kafka.brokers: the embedded broker speaks PLAINTEXT only; set kafka.brokers to the cluster's "
                    + "bootstrap servers (Aiven: the service URI host:port), or " + KafkaClientConfig.PROTOCOL + "=PLAINTEXT");
        }
        // security settings first: a wrong protocol, key store, trust store, JAAS line or CA file stops start-up before
        // anything runs (the embedded broker speaks PLAINTEXT: nothing to check)
        String kafkaSecurity = brokers.isPresent() ? KafkaClientConfig.security(context).description() : "PLAINTEXT";
        OpenSearchConnection.tlsContext(settings);

        if (brokers.isEmpty() || hosts.isEmpty()) {
            startEmbedded(settings, properties, brokers.isEmpty(), hosts.isEmpty());
        }
        // every kafka: endpoint gets the camel.component.kafka.* options from camel-main; the app's own clients the same
        // options through KafkaClientConfig.admin
        LOG.info("Kafka: {} over {} (topic {}, dead-letter topic {})", settings.get(SettingsCatalog.Kafka.BROKERS),
                kafkaSecurity, settings.get(SettingsCatalog.Kafka.TOPIC), settings.get(SettingsCatalog.Kafka.DLQ_TOPIC));

        // closed as a context service, i.e. after the routes have drained, and before Camel's shutdown hook lets the
        // JVM exit on SIGTERM (a Main listener's afterStop would run too late for that)
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    closeServices();
                }
            }, false, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the services' shutdown", e);
        }
        openSearch = OpenSearchConnection.create(settings);
        context.getRegistry().bind(OpenSearchConnection.BEAN_NAME, openSearch);
        // one client per opensearch endpoint, from the same recipe: camel-opensearch closes an endpoint's client when its
        // route stops (a reload), which must not take the other routes' or the start-up tasks' client with it
        // (Camel JBang may have made a plain one already, resolving the routes' dependencies)
        context.removeComponent("opensearch");
        context.addComponent("opensearch", new ClientPerEndpointOpensearchComponent(openSearch));
        LOG.info("OpenSearch: {} (indices {}-yyyy.MM.dd, search {}*)", openSearch.describe(),
                settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX), settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX));
    }

    /** Creates the topics that are missing and installs the index template. */
    private void provision(CamelContext context) {
        Settings settings = Settings.of(context);
        new TopicProvisioner(context).ensureTopics();
        new IndexTemplateInstaller(openSearch, settings).install();
    }

    private synchronized void closeServices() {
        if (openSearch != null) {
            openSearch.close();
            openSearch = null;
        }
        if (embedded != null) {
            LOG.info("Stopping the embedded Kafka broker and OpenSearch node");
            embedded.close();
            embedded = null;
        }
    }

    private void startEmbedded(Settings settings, PropertiesComponent properties, boolean kafka, boolean search) {
        embedded = findEmbeddedServices().orElseThrow(() -> new ConfigurationException(
                (kafka ? SettingsCatalog.Kafka.BROKERS : SettingsCatalog.OpenSearch.HOSTS).key() + " is not set and this build has no embedded services: set "
                        + (kafka ? "kafka.brokers (e.g. -Dkafka.brokers=localhost:9092)" : "opensearch.hosts (e.g. -Dopensearch.hosts=http://localhost:9200)")
                        + ", or run with the embedded Maven profile"));
        Path dataDir = Path.of(settings.get(SettingsCatalog.Embedded.DATA_DIR)).toAbsolutePath();
        int kafkaPort = kafka ? settings.get(SettingsCatalog.Embedded.KAFKA_PORT) : 0;
        int searchPort = search ? settings.get(SettingsCatalog.Embedded.OPENSEARCH_PORT) : 0;
        if (kafka) {
            requireFree(kafkaPort, SettingsCatalog.Embedded.KAFKA_PORT.key(), SettingsCatalog.Kafka.BROKERS.key());
        }
        if (search) {
            requireFree(searchPort, SettingsCatalog.Embedded.OPENSEARCH_PORT.key(), SettingsCatalog.OpenSearch.HOSTS.key());
        }
        // the two start in parallel: each spends most of its start-up waiting on itself, not on the CPU
        CompletableFuture<String> broker = kafka
                ? CompletableFuture.supplyAsync(() -> start(() -> embedded.startKafka(kafkaPort, dataDir)),
                        startThread("embedded-kafka-start"))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<String> node = search
                ? CompletableFuture.supplyAsync(() -> start(() -> embedded.startOpenSearch(searchPort, dataDir)),
                        startThread("embedded-opensearch-start"))
                : CompletableFuture.completedFuture(null);
        try {
            CompletableFuture.allOf(broker, node).join();
        } catch (CompletionException e) {
            embedded.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException("The embedded services did not start (" + cause.getMessage()
                    + "): set kafka.brokers and opensearch.hosts to use running services instead", cause);
        }
        if (kafka) {
            properties.addOverrideProperty(SettingsCatalog.Kafka.BROKERS.key(), broker.join());
            LOG.info("Embedded Kafka broker (KRaft) on {}, data in {}", broker.join(), dataDir);
        }
        if (search) {
            properties.addOverrideProperty(SettingsCatalog.OpenSearch.HOSTS.key(), node.join());
            // a single node can never place replicas; asking for them would leave every index yellow
            properties.addOverrideProperty(SettingsCatalog.OpenSearch.REPLICAS.key(), "0");
            // data ages out on the embedded node unless said otherwise; on a cluster only when set (issue 13)
            if (settings.optional(SettingsCatalog.Sessions.RETENTION).isEmpty()) {
                // as milliseconds, a value opensearch.retention's own type reads back
                properties.addOverrideProperty(SettingsCatalog.Sessions.RETENTION.key(), settings
                        .get(SettingsCatalog.Sessions.EMBEDDED_RETENTION).map(d -> Long.toString(d.toMillis())).orElse("forever"));
            }
            LOG.info("Embedded OpenSearch node on {}, data in {}", node.join(), dataDir);
        }
    }

    /**
     * A thread of its own with this thread's context class loader: Kafka and OpenSearch load classes (and log4j its
     * configuration) through it, and every thread they start inherits it. A common-pool thread would carry the system
     * class loader, which under {@code mvn camel:run} does not hold the app.
     */
    private static Executor startThread(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setContextClassLoader(loader);
            thread.start();
        };
    }

    private static Optional<EmbeddedServices> findEmbeddedServices() {
        try {
            return ServiceLoader.load(EmbeddedServices.class).findFirst();
        } catch (ServiceConfigurationError | LinkageError e) {
            // a jar with the service file but not the classes (built with -Dno-embedded over an earlier build), or
            // with the classes but not the server jars (Camel JBang's --dep on the app's jar)
            return Optional.empty();
        }
    }

    private interface Starter {
        String start() throws Exception;
    }

    private static String start(Starter starter) {
        try {
            return starter.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e.getMessage(), e);
        }
    }

    /** The YAML routes are files relative to the working directory: say so plainly when they are not there. */
    private static void requireRouteFolders(Settings settings) {
        String patterns = settings.optional("camel.main.routes-include-pattern").orElse("");
        for (String pattern : patterns.split(",")) {
            String p = pattern.trim();
            if (!p.startsWith("file:")) {
                continue;
            }
            String path = p.substring("file:".length());
            int wildcard = path.indexOf('*');
            Path folder = Path.of(wildcard >= 0 ? path.substring(0, Math.max(0, path.lastIndexOf('/', wildcard))) : path);
            if (!Files.exists(folder.toString().isEmpty() ? Path.of(".") : folder)) {
                throw new ConfigurationException("The routes folder '" + folder + "' does not exist in "
                        + Path.of("").toAbsolutePath() + ": run from the project folder, or set camel.main.routes-include-pattern"
                        + " (e.g. -Dcamel.main.routes-include-pattern=file:/path/to/routes/*.camel.yaml)");
            }
        }
    }

    private static void requireFree(int port, String portKey, String externalKey) {
        if (!Ports.isFree(port)) {
            throw new ConfigurationException("Port " + port + " is already in use: set " + portKey + " to a free port, or "
                    + externalKey + " to use the service that is listening there");
        }
    }
}
