package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.connect.KafkaClientConfig;
import clickstream.deploy.DeployManifests.Integration;
import clickstream.deploy.DeployManifests.MountRef;

/**
 * A pod of each Integration reads its settings the way the manifests say: the ConfigMap and the Secret that the
 * mount trait mounts as configs (laid out here as the kubelet lays out a volume: {@code ..data} links to a
 * timestamped folder) are found by Camel Main through {@code camel.main.cloud-properties-location}, override the
 * defaults built into the image, and reach the Kafka component. Offline: Camel Main is initialised, not started.
 */
class CamelKConfigLoadingTest {

    private static final String CLOUD_PROPERTIES_LOCATION = "camel.main.cloud-properties-location";
    private static final String PROFILE = "camel.main.profile";
    private static final String ROUTES_INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    private static final String CONFIGURATION_CLASSES = "camel.main.configuration-classes";

    @TempDir
    Path root;

    @Test
    void theIndexerPodSeesTheConfigMapAndTheSecretOverTheImageDefaults() throws Exception {
        assertPodSettings(DeployManifests.integration("clickstream-indexer"));
    }

    @Test
    void theGeneratorPodSeesTheConfigMapAndTheSecretOverTheImageDefaults() throws Exception {
        assertPodSettings(DeployManifests.integration("clickstream-generator"));
    }

    private void assertPodSettings(Integration integration) throws Exception {
        Properties mounted = new Properties();
        for (String config : integration.mountConfigs()) {
            mounted.putAll(DeployManifests.properties(
                    DeployManifests.named(MountRef.parse(config).manifestKind(), MountRef.parse(config).name())));
        }
        // the routes folder the ConfigMap's include pattern names in the pod; the test's copy of it lives under root
        String podPattern = mounted.getProperty(ROUTES_INCLUDE_PATTERN).trim();
        assertThat(podPattern).startsWith("file:/").endsWith("/*.camel.yaml");
        String podRoutes = podPattern.substring("file:".length(), podPattern.length() - "/*.camel.yaml".length());
        for (String config : integration.mountConfigs()) {
            MountRef ref = MountRef.parse(config);
            Map<String, String> files = new LinkedHashMap<>(DeployManifests.data(DeployManifests.named(ref.manifestKind(), ref.name())));
            files.replaceAll((file, text) -> text.replace("file:" + podRoutes + "/", "file:" + inPod(podRoutes) + "/"));
            mountLikeKubelet(inPod(ref.configPath()), files);
        }
        // mount.resources: the routes ConfigMap must be mounted where the include pattern looks
        boolean routesMounted = false;
        for (String resource : integration.mountResources()) {
            MountRef ref = MountRef.parse(resource);
            if (ref.kind().equals("configmap")) {
                mountLikeKubelet(inPod(ref.path()), DeployManifests.data(DeployManifests.named("ConfigMap", ref.name())));
                routesMounted |= ref.path().equals(podRoutes);
            }
        }
        assertThat(routesMounted).as("a ConfigMap mounted at %s in %s", podRoutes, integration.name()).isTrue();
        String location = Stream.of(integration.env().get(DeployManifests.CLOUD_PROPERTIES_ENV).split(","))
                .map(p -> inPod(p).toString()).collect(Collectors.joining(","));

        Main main = new Main();
        settingsOnly();
        // The pod sets environment variable CAMEL_MAIN_CLOUD_PROPERTIES_LOCATION. A system property is looked up at
        // the same step, before any properties file (Camel 4.17 cannot read this key from initial or override
        // properties yet: NullPointerException, no type converter at that point).
        System.setProperty(CLOUD_PROPERTIES_LOCATION, location);
        // likewise CAMEL_MAIN_PROFILE (Camel Main looks the profile up in system properties, then the environment)
        String profile = integration.env().get("CAMEL_MAIN_PROFILE");
        if (profile != null) {
            System.setProperty(PROFILE, profile);
        }
        try {
            main.init();
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            for (String key : mounted.stringPropertyNames()) {
                if (key.equals(ROUTES_INCLUDE_PATTERN)) {
                    continue;
                }
                assertThat(properties.resolveProperty(key).map(String::trim))
                        .as("%s in a pod of %s", key, integration.name())
                        .contains(mounted.getProperty(key).trim());
            }
            // set but blank in the image's application.properties: the ConfigMap wins
            assertThat(properties.resolveProperty("camel.component.opensearch.user")).contains("avnadmin");
            assertThat(properties.resolveProperty("camel.component.opensearch.password")).contains("CHANGE-ME");

            // camel-main bound the security options onto the kafka component; the app's own clients get the same
            KafkaConfiguration kafka = main.getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
            assertThat(kafka.getBrokers()).isEqualTo(mounted.getProperty("kafka.brokers"));
            assertThat(kafka.getSecurityProtocol()).isEqualTo("SSL");
            assertThat(kafka.getSslKeystoreType()).isEqualTo("PEM");
            assertThat(kafka.getSslKeystoreLocation()).isEqualTo("/etc/clickstream/tls/service.pem");
            assertThat(kafka.getSslTruststoreType()).isEqualTo("PEM");
            assertThat(kafka.getSslTruststoreLocation()).isEqualTo("/etc/clickstream/tls/ca.pem");
            assertThat(KafkaClientConfig.admin(main.getCamelContext()))
                    .containsEntry("ssl.keystore.location", "/etc/clickstream/tls/service.pem")
                    .containsEntry("ssl.truststore.location", "/etc/clickstream/tls/ca.pem");
            // the prod profile from the Integration: application-prod.properties on top, no live reload of routes
            assertThat(main.configure().getProfile()).isEqualTo("prod");
            assertThat(main.configure().isRoutesReloadEnabled()).as("routes reload in a pod").isFalse();
            // the YAML routes come from the mounted ConfigMap, each once (the kubelet's ..data folders add none)
            assertThat(((ModelCamelContext) main.getCamelContext()).getRouteDefinitions())
                    .extracting(RouteDefinition::getRouteId).contains("indexer", "dlq-replay").doesNotHaveDuplicates();
        } finally {
            System.clearProperty(CLOUD_PROPERTIES_LOCATION);
            System.clearProperty(PROFILE);
            main.shutdown();
        }
    }

    @Test
    void theProdProfileTurnsRouteReloadOffAndNothingElseDoes() throws Exception {
        assertThat(routesReloadEnabled(null)).as("default (mvn camel:run)").isTrue();
        assertThat(routesReloadEnabled("prod")).as("camel.main.profile=prod").isFalse();
    }

    private static boolean routesReloadEnabled(String profile) throws Exception {
        Main main = new Main();
        settingsOnly();
        // no embedded broker in a unit test: any address will do, nothing connects before start
        System.setProperty("kafka.brokers", "localhost:9092");
        if (profile != null) {
            System.setProperty(PROFILE, profile);
        }
        try {
            main.init();
            return main.configure().isRoutesReloadEnabled();
        } finally {
            System.clearProperty(PROFILE);
            System.clearProperty("kafka.brokers");
            main.shutdown();
        }
    }

    /**
     * The image's Main as it reads its settings, without the start-up of application.properties' wiring
     * (ServicesBootstrap would start or reach Kafka and OpenSearch): of the configuration classes, only one that
     * connects to nothing. A system property, as the other overrides here (an override property would meet the same
     * NullPointerException next to the cloud properties location); cleared after each test.
     */
    private static void settingsOnly() {
        System.setProperty(CONFIGURATION_CLASSES, "clickstream.app.LiveReloadSetup");
    }

    @AfterEach
    void clearSettingsOnly() {
        System.clearProperty(CONFIGURATION_CLASSES);
    }

    private Path inPod(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }

    /** A ConfigMap/Secret volume as the kubelet writes it: key links → ..data → a timestamped folder with the files. */
    private static void mountLikeKubelet(Path dir, Map<String, String> files) throws IOException {
        Path data = Files.createDirectories(dir.resolve("..2026_01_01_00_00_00.000000001"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(data.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
        for (String key : files.keySet()) {
            Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
        }
    }
}
