package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            MountRef ref = MountRef.parse(config);
            DeployManifests.Manifest source = DeployManifests.named(ref.manifestKind(), ref.name());
            mountLikeKubelet(inPod(ref.configPath()), DeployManifests.data(source));
            mounted.putAll(DeployManifests.properties(source));
        }
        String location = Stream.of(integration.env().get(DeployManifests.CLOUD_PROPERTIES_ENV).split(","))
                .map(p -> inPod(p).toString()).collect(Collectors.joining(","));

        Main main = new Main();
        // The pod sets environment variable CAMEL_MAIN_CLOUD_PROPERTIES_LOCATION. A system property is looked up at
        // the same step, before any properties file (Camel 4.17 cannot read this key from initial or override
        // properties yet: NullPointerException, no type converter at that point).
        System.setProperty(CLOUD_PROPERTIES_LOCATION, location);
        try {
            main.init();
            PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
            for (String key : mounted.stringPropertyNames()) {
                assertThat(properties.resolveProperty(key).map(String::trim))
                        .as("%s in a pod of %s", key, integration.name())
                        .contains(mounted.getProperty(key).trim());
            }
            // set but blank in the image's application.properties: the ConfigMap wins
            assertThat(properties.resolveProperty("opensearch.username")).contains("avnadmin");
            assertThat(properties.resolveProperty("opensearch.password")).contains("CHANGE-ME");

            KafkaConfiguration kafka = main.getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration();
            assertThat(kafka.getBrokers()).isEqualTo(mounted.getProperty("kafka.brokers"));
            // the security settings the app's start-up turns into client properties (KafkaClientConfig)
            assertThat(properties.resolveProperty("kafka.security.protocol")).contains("SSL");
            assertThat(properties.resolveProperty("kafka.ssl.key-file")).contains("/etc/clickstream/tls/service.key");
            assertThat(properties.resolveProperty("kafka.ssl.cert-file")).contains("/etc/clickstream/tls/service.cert");
            assertThat(properties.resolveProperty("kafka.ssl.ca-file")).contains("/etc/clickstream/tls/ca.pem");
        } finally {
            System.clearProperty(CLOUD_PROPERTIES_LOCATION);
            main.shutdown();
        }
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
