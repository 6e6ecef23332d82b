package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import clickstream.deploy.DeployManifests.Integration;
import clickstream.deploy.DeployManifests.Manifest;
import clickstream.deploy.DeployManifests.MountRef;

/**
 * ConfigMap clickstream-routes (deploy/camel-k/clickstream-routes.yaml) is generated from routes/*.camel.yaml, so the
 * routes a pod runs cannot drift from the ones the tests run. When it fails, regenerate the file with
 * {@value #REGENERATE}.
 */
class RoutesConfigMapTest {

    static final String NAME = "clickstream-routes";
    static final Path FILE = DeployManifests.DIR.resolve(NAME + ".yaml");
    static final String MOUNT_PATH = "/etc/clickstream/routes";
    static final String REGENERATE =
            "mvn -q test -Dtest=RoutesConfigMapTest -Dsurefire.failIfNoSpecifiedTests=false -Droutes.configmap.write=true";

    @Test
    void theRoutesConfigMapHoldsExactlyTheFilesInRoutes() throws IOException {
        String expected = render(routeFiles());
        if (Boolean.getBoolean("routes.configmap.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
                .as("%s is out of date with routes/; regenerate it with: %s", DeployManifests.PROJECT.relativize(FILE), REGENERATE)
                .isEqualTo(expected);
        // and as Kubernetes reads it: the data keys are the file names, the values their exact bytes
        assertThat(DeployManifests.data(DeployManifests.named("ConfigMap", NAME))).isEqualTo(routeFiles());
    }

    @Test
    void everyIntegrationMountsTheRoutesWhereCamelMainLooksForThem() {
        String pattern = DeployManifests.properties(DeployManifests.named("ConfigMap", "clickstream-config"))
                .getProperty("camel.main.routes-include-pattern");
        assertThat(pattern).isEqualTo("file:" + MOUNT_PATH + "/*.camel.yaml");
        for (Integration integration : DeployManifests.integrations()) {
            assertThat(integration.mountResources()).as("mount.resources of %s", integration.name())
                    .anySatisfy(entry -> assertThat(MountRef.parse(entry))
                            .isEqualTo(new MountRef("configmap", NAME, null, MOUNT_PATH)));
        }
    }

    /** routes/*.camel.yaml as file name -> content. */
    static Map<String, String> routeFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(RouteSchemaTest.ROUTES)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The ConfigMap as YAML: one literal block per route file (files end with one newline, as routes/ does). */
    static String render(Map<String, String> files) {
        StringBuilder yaml = new StringBuilder()
                .append("# GENERATED from routes/*.camel.yaml by RoutesConfigMapTest (src/test/java/clickstream/deploy): do not edit,\n")
                .append("# edit routes/ and run\n#   ").append(REGENERATE).append("\n")
                .append("# Mounted by each Integration (mount.resources) at ").append(MOUNT_PATH)
                .append(", where camel.main.routes-include-pattern\n")
                .append("# (ConfigMap clickstream-config) reads it. A route change is `kubectl apply` of this file and a rollout\n")
                .append("# (docs/deploy.md), not a new image.\n")
                .append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ").append(NAME).append('\n')
                .append("  labels:\n    app.kubernetes.io/name: clickstream\ndata:\n");
        files.forEach((name, content) -> {
            if (!content.endsWith("\n") || content.endsWith("\n\n")) {
                throw new IllegalStateException("routes/" + name + " must end with exactly one newline");
            }
            yaml.append("  ").append(name).append(": |\n");
            content.lines().forEach(line -> yaml.append(line.isEmpty() ? "" : "    " + line).append('\n'));
        });
        return yaml.toString();
    }
}
