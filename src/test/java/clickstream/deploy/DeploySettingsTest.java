package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import clickstream.config.PropertiesFiles;
import clickstream.config.Setting;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.deploy.DeployManifests.Integration;
import clickstream.deploy.DeployManifests.Manifest;
import clickstream.deploy.DeployManifests.MountRef;

/**
 * The Camel K manifests give each pod every setting the app uses, and fit together: every {{placeholder}} of the
 * routes and every key the Java code reads is set for each Integration (by the ConfigMap, a Secret mounted as
 * config, or the Integration's environment), each Integration takes its role, and the names and paths the
 * manifests share agree. Every route is built in every pod (a disabled one just does not start), so every
 * Integration needs every route's settings.
 */
class DeploySettingsTest {

    private static final Path APPLICATION_PROPERTIES = DeployManifests.PROJECT.resolve("src/main/resources/application.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z?][^{}:\\s]*)(?::([^{}]*))?\\s*}}");
    /** Role switches: set per Integration by its environment, never by the shared ConfigMap. */
    private static final Set<String> ROLE_KEYS = Set.of("generator.enabled", "indexer.enabled");

    @Test
    void everyPlaceholderOfEveryRouteIsSetForEachIntegration() throws IOException {
        Map<String, String> placeholders = placeholdersWithoutDefault();
        assertThat(placeholders).containsKeys("kafka.topic", "generator.enabled", "indexer.enabled", "retry.max-attempts");
        assertEverySetForEachIntegration(placeholders);
    }

    @Test
    void everyDeclaredSettingIsSetForEachIntegration() {
        Map<String, String> keys = new TreeMap<>();
        for (Setting<?> setting : SettingsCatalog.ALL) {
            // embedded.* is only read when kafka.brokers or opensearch.hosts is unset, which never happens in a pod
            if (!setting.key().startsWith("embedded.")) {
                keys.put(setting.key(), "SettingsCatalog");
            }
        }
        assertThat(keys).containsKeys("kafka.brokers", "opensearch.hosts", "opensearch.ca-file", "opensearch.index-prefix");
        assertEverySetForEachIntegration(keys);
    }

    @Test
    void eachIntegrationTakesItsRole() {
        assertThat(DeployManifests.integration("clickstream-generator").env())
                .containsEntry(Settings.envName("generator.enabled"), "true")
                .containsEntry(Settings.envName("indexer.enabled"), "false");
        assertThat(DeployManifests.integration("clickstream-indexer").env())
                .containsEntry(Settings.envName("generator.enabled"), "false")
                .containsEntry(Settings.envName("indexer.enabled"), "true");
        assertThat(configMapSettings().stringPropertyNames()).doesNotContainAnyElementsOf(ROLE_KEYS);
    }

    @Test
    void replicasStayWithinWhatThePartitionsCanFeed() {
        Properties settings = configMapSettings();
        int partitions = Integer.parseInt(settings.getProperty("kafka.topic.partitions"));
        int consumersPerPod = Integer.parseInt(settings.getProperty("indexer.consumers"));
        Integration indexer = DeployManifests.integration("clickstream-indexer");
        assertThat(indexer.replicas()).isGreaterThan(1);
        assertThat(indexer.replicas() * consumersPerPod)
                .as("indexer replicas x indexer.consumers, at most kafka.topic.partitions")
                .isLessThanOrEqualTo(partitions);
        assertThat(indexer.image()).isNotBlank().isEqualTo(DeployManifests.integration("clickstream-generator").image());
    }

    @Test
    void generatorReplicasEachDrawTheirOwnSeed() {
        // any number of generator replicas may run: ids never repeat (clickstream.generator.RunIds), and a blank
        // seed makes each pod (and each restart) send traffic of its own rather than a copy of the same sequence
        Integration generator = DeployManifests.integration("clickstream-generator");
        assertThat(generator.replicas()).isPositive();
        assertThat(configMapSettings().getProperty(SettingsCatalog.Generator.SEED.key())).as(SettingsCatalog.Generator.SEED.key()).isNotNull().isBlank();
        assertThat(settingsOf(generator).getProperty(SettingsCatalog.Generator.SEED.key())).isBlank();
        assertThat(generator.env()).doesNotContainKey(Settings.envName(SettingsCatalog.Generator.SEED.key()));
    }

    @Test
    void everyConfigMapAndSecretKeyIsADeclaredSettingWithAValidValue() {
        for (Integration integration : DeployManifests.integrations()) {
            for (String config : integration.mountConfigs()) {
                Manifest source = source(MountRef.parse(config));
                // an app key is declared (SettingsCatalog) and its value valid; camel.* keys are Camel's
                assertThat(PropertiesFiles.problems(DeployManifests.properties(source))).as("%s", source).isEmpty();
            }
        }
        assertThat(PropertiesFiles.problems(configMapSettings())).isEmpty();
    }

    @Test
    void theMountsAndThePathsTheSettingsNameAgree() {
        for (Integration integration : DeployManifests.integrations()) {
            // Camel Main reads exactly the folders where the mount trait puts the configs
            List<String> configPaths = integration.mountConfigs().stream().map(c -> MountRef.parse(c).configPath()).toList();
            assertThat(configPaths).as("%s mount.configs", integration.name()).isNotEmpty();
            assertThat(integration.env().get(DeployManifests.CLOUD_PROPERTIES_ENV))
                    .as("%s %s", integration.name(), DeployManifests.CLOUD_PROPERTIES_ENV)
                    .isEqualTo(String.join(",", configPaths));

            // every file path a setting names is a key of a Secret or ConfigMap mounted at that folder
            Properties settings = settingsOf(integration);
            for (String key : settings.stringPropertyNames()) {
                String value = settings.getProperty(key).trim();
                if (!value.startsWith("/etc/")) {
                    continue;
                }
                Path file = Path.of(value);
                boolean mounted = integration.mountResources().stream().map(MountRef::parse)
                        .anyMatch(r -> Path.of(r.path()).equals(file.getParent()) && DeployManifests.data(source(r)).containsKey(file.getFileName().toString()));
                assertThat(mounted).as("%s: %s = %s is a file of one of mount.resources %s", integration.name(), key, value,
                        integration.mountResources()).isTrue();
            }
        }
    }

    @Test
    void theSecretTemplatesHoldPlaceholdersOnlyAndAreNotApplied() {
        List<Manifest> secrets = DeployManifests.all().stream().filter(m -> m.kind().equals("Secret")).toList();
        assertThat(secrets).extracting(Manifest::name).contains("clickstream-tls", "clickstream-credentials");
        for (Manifest secret : secrets) {
            // kubectl apply -f deploy/camel-k/ must never overwrite the real Secret with a template
            assertThat(secret.applied()).as("%s is outside the applied folder", secret).isFalse();
            DeployManifests.data(secret).forEach((key, value) ->
                    assertThat(value).as("%s key %s is a placeholder", secret, key).contains("CHANGE-ME"));
        }
    }

    private static void assertEverySetForEachIntegration(Map<String, String> keysAndWhereUsed) {
        List<Integration> integrations = DeployManifests.integrations();
        assertThat(integrations).extracting(Integration::name).contains("clickstream-generator", "clickstream-indexer");
        for (Integration integration : integrations) {
            Properties settings = settingsOf(integration);
            Map<String, String> env = integration.env();
            Set<String> missing = new TreeSet<>();
            keysAndWhereUsed.forEach((key, where) -> {
                if (!settings.containsKey(key) && !env.containsKey(Settings.envName(key))) {
                    missing.add(key + " (used in " + where + ")");
                }
            });
            assertThat(missing).as("settings not set for Integration %s: add them to ConfigMap clickstream-config", integration.name())
                    .isEmpty();
        }
    }

    /** What the ConfigMaps and Secrets in an Integration's mount.configs give as properties. */
    private static Properties settingsOf(Integration integration) {
        Properties settings = new Properties();
        for (String config : integration.mountConfigs()) {
            settings.putAll(DeployManifests.properties(source(MountRef.parse(config))));
        }
        return settings;
    }

    private static Properties configMapSettings() {
        return DeployManifests.properties(DeployManifests.named("ConfigMap", "clickstream-config"));
    }

    private static Manifest source(MountRef ref) {
        return DeployManifests.named(ref.manifestKind(), ref.name());
    }

    /** key → where it is used, for every placeholder without a default in routes/, main Java code and application.properties. */
    private static Map<String, String> placeholdersWithoutDefault() throws IOException {
        Map<String, String> keys = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> routes = Files.list(RouteSchemaTest.ROUTES)) {
            sources = Stream.concat(Stream.concat(routes.filter(f -> f.toString().endsWith(".yaml")), mainJavaSources().stream()),
                    Stream.of(APPLICATION_PROPERTIES)).toList();
        }
        for (Path source : sources) {
            Matcher placeholder = PLACEHOLDER.matcher(Files.readString(source));
            while (placeholder.find()) {
                String key = placeholder.group(1);
                boolean function = key.equals("env") || key.equals("sys");
                if (placeholder.group(2) == null && !function) {
                    keys.putIfAbsent(key, DeployManifests.PROJECT.relativize(source).toString());
                }
            }
        }
        return keys;
    }

    private static List<Path> mainJavaSources() throws IOException {
        try (Stream<Path> files = Files.walk(DeployManifests.PROJECT.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
