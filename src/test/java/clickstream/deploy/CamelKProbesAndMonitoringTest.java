package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.deploy.DeployManifests.Integration;
import clickstream.deploy.DeployManifests.Manifest;

/**
 * The Integrations' probes and the PodMonitor point at the endpoints the app really serves: Camel's health checks and
 * metrics under /observe on http.port (camel.management.* in application.properties). The PodMonitor has no CRD
 * here, so it is checked by structure.
 */
class CamelKProbesAndMonitoringTest {

    @Test
    void everyIntegrationProbesTheAppsLiveAndReadyChecksOnItsHttpPort() {
        int port = httpPort();
        List<Integration> integrations = DeployManifests.integrations();
        assertThat(integrations).extracting(Integration::name).contains("clickstream-generator", "clickstream-indexer");
        for (Integration integration : integrations) {
            JsonNode health = integration.traits().path("health");
            assertThat(health.path("enabled").asBoolean()).as("health trait of %s", integration.name()).isTrue();
            assertThat(health.path("livenessProbeEnabled").asBoolean()).isTrue();
            assertThat(health.path("readinessProbeEnabled").asBoolean()).isTrue();
            assertThat(health.path("livenessProbe").asText()).isEqualTo(managementPath() + "/health/live");
            assertThat(health.path("readinessProbe").asText()).isEqualTo(managementPath() + "/health/ready");
            assertThat(health.path("livenessPort").asInt()).isEqualTo(port);
            assertThat(health.path("readinessPort").asInt()).isEqualTo(port);
        }
    }

    @Test
    void thePodMonitorScrapesTheMetricsOfEveryIntegrationsPods() {
        Manifest monitor = DeployManifests.named("PodMonitor", "clickstream");
        assertThat(monitor.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
        // its own folder: plain `kubectl apply -f deploy/camel-k/` must not need the Prometheus Operator's CRDs
        assertThat(monitor.file()).isEqualTo(DeployManifests.DIR.resolve("monitoring/clickstream-podmonitor.yaml"));

        JsonNode selector = monitor.doc().path("spec").path("selector");
        assertThat(selector.path("matchLabels").isMissingNode()).as("only matchExpressions").isTrue();
        assertThat(selector.path("matchExpressions")).hasSize(1);
        JsonNode expression = selector.path("matchExpressions").get(0);
        // Camel K's label on every pod of an Integration
        assertThat(expression.path("key").asText()).isEqualTo("camel.apache.org/integration");
        assertThat(expression.path("operator").asText()).isEqualTo("In");
        assertThat(DeployManifests.texts(expression.path("values")))
                .containsExactlyInAnyOrderElementsOf(DeployManifests.integrations().stream().map(Integration::name).toList());

        JsonNode endpoints = monitor.doc().path("spec").path("podMetricsEndpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).path("path").asText()).isEqualTo(managementPath() + "/metrics");
        assertThat(endpoints.get(0).path("targetPort").asInt()).isEqualTo(httpPort());
    }

    /** http.port as a pod sees it: the ConfigMap's value (it overrides the image's). */
    private static int httpPort() {
        return Integer.parseInt(DeployManifests.properties(DeployManifests.named("ConfigMap", "clickstream-config"))
                .getProperty("http.port").trim());
    }

    /** camel.management.path of the image (Camel's default /observe when unset). */
    private static String managementPath() {
        Properties image = new Properties();
        try (InputStream in = CamelKProbesAndMonitoringTest.class.getResourceAsStream("/application.properties")) {
            image.load(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return image.getProperty("camel.management.path", "/observe").trim();
    }
}
