package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import clickstream.deploy.DeployManifests.Manifest;

/**
 * The KEDA autoscaling of the indexer ({@code deploy/camel-k/keda/}) is valid for KEDA and scales what the other
 * manifests deploy: the indexer Integration (through the scale subresource of Camel K's Integration CRD), on the lag
 * of the consumer group and topic of ConfigMap clickstream-config, up to the replicas the topic's partitions can feed.
 *
 * <p>Schema: KEDA's own CRDs when they are in {@code ../shared/keda/crds} (checked like the Camel K CRDs,
 * {@link CamelKCrdSchemas}); until then a fallback written here, {@link #FALLBACK_SCHEMAS}, from the ScaledObject and
 * TriggerAuthentication fields documented on keda.sh (2.x, {@code keda.sh/v1alpha1}). The official CRD files
 * (keda.sh_scaledobjects.yaml, keda.sh_triggerauthentications.yaml of a KEDA 2.x release) still have to be dropped
 * into ../shared/keda/crds: no package registry reachable here serves them as YAML.
 */
class KedaScaledObjectTest {

    private static final Logger LOG = LoggerFactory.getLogger(KedaScaledObjectTest.class);
    static final Path KEDA_CRDS = DeployManifests.PROJECT.resolve("../shared/keda/crds").normalize();
    static final Path FILE = DeployManifests.DIR.resolve("keda/clickstream-indexer-scaledobject.yaml");

    /**
     * The fallback: KEDA 2.x's documented fields (keda.sh/docs/2.x/reference/scaledobject-spec and
     * concepts/authentication), closed like {@code kubectl --validate=strict}; integers where KEDA's CRD has int32,
     * trigger metadata a map of strings.
     */
    static final String FALLBACK_SCHEMAS = """
            {"ScaledObject": {"type": "object", "additionalProperties": false, "required": ["apiVersion", "kind", "metadata", "spec"],
              "properties": {
                "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "ScaledObject"}, "metadata": {"type": "object"},
                "spec": {"type": "object", "additionalProperties": false, "required": ["scaleTargetRef", "triggers"],
                  "properties": {
                    "scaleTargetRef": {"type": "object", "additionalProperties": false, "required": ["name"],
                      "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"},
                        "envSourceContainerName": {"type": "string"}}},
                    "pollingInterval": {"type": "integer"}, "cooldownPeriod": {"type": "integer"},
                    "initialCooldownPeriod": {"type": "integer"}, "idleReplicaCount": {"type": "integer"},
                    "minReplicaCount": {"type": "integer"}, "maxReplicaCount": {"type": "integer"},
                    "fallback": {"type": "object"}, "advanced": {"type": "object"},
                    "triggers": {"type": "array", "minItems": 1, "items": {"type": "object", "additionalProperties": false,
                      "required": ["type", "metadata"],
                      "properties": {"type": {"type": "string"}, "name": {"type": "string"},
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                        "useCachedMetrics": {"type": "boolean"}, "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                        "authenticationRef": {"type": "object", "additionalProperties": false, "required": ["name"],
                          "properties": {"name": {"type": "string"}, "kind": {"type": "string"}}}}}}}}}},
             "TriggerAuthentication": {"type": "object", "additionalProperties": false, "required": ["apiVersion", "kind", "metadata", "spec"],
              "properties": {
                "apiVersion": {"const": "keda.sh/v1alpha1"}, "kind": {"const": "TriggerAuthentication"}, "metadata": {"type": "object"},
                "spec": {"type": "object", "additionalProperties": false,
                  "properties": {
                    "secretTargetRef": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                      "required": ["parameter", "name", "key"],
                      "properties": {"parameter": {"type": "string"}, "name": {"type": "string"}, "key": {"type": "string"}}}},
                    "configMapTargetRef": {"type": "array"}, "env": {"type": "array"}, "podIdentity": {"type": "object"},
                    "hashiCorpVault": {"type": "object"}, "azureKeyVault": {"type": "object"}, "awsSecretManager": {"type": "object"},
                    "gcpSecretManager": {"type": "object"}, "boundServiceAccountToken": {"type": "array"}}}}}}
            """;

    @Test
    void theKedaManifestsAreValidForKedasSchema() {
        List<Manifest> keda = kedaManifests();
        assertThat(keda).extracting(Manifest::kind).containsExactly("TriggerAuthentication", "ScaledObject");
        if (Files.isDirectory(KEDA_CRDS)) {
            LOG.info("Validating {} against KEDA's CRDs in {}", FILE, KEDA_CRDS);
            CamelKCrdSchemas crds = CamelKCrdSchemas.load(KEDA_CRDS);
            for (Manifest manifest : keda) {
                assertThat(crds.validate(manifest.apiVersion(), manifest.kind(), manifest.doc()))
                        .as("schema violations of %s", manifest).isEmpty();
            }
        } else {
            LOG.warn("KEDA's CRDs are not at {} (../shared/keda/crds): {} validated against the fallback schema of "
                    + "KedaScaledObjectTest (documented KEDA 2.x fields) instead", KEDA_CRDS, FILE);
            for (Manifest manifest : keda) {
                assertThat(fallbackViolations(manifest.doc())).as("schema violations of %s", manifest).isEmpty();
            }
        }
    }

    @Test
    void theFallbackSchemaRejectsWhatKedaRejects() {
        ObjectNode scaledObject = scaledObject().doc().deepCopy();
        assertThat(fallbackViolations(scaledObject)).isEmpty();

        ObjectNode typo = scaledObject.deepCopy();
        ObjectNode target = (ObjectNode) typo.path("spec").path("scaleTargetRef");
        target.set("nam", target.remove("name"));
        assertThat(fallbackViolations(typo)).anySatisfy(v -> assertThat(v).contains("nam"))
                .anySatisfy(v -> assertThat(v).contains("name"));

        ObjectNode text = scaledObject.deepCopy();
        ((ObjectNode) text.path("spec")).put("maxReplicaCount", "3");
        assertThat(fallbackViolations(text)).anySatisfy(v -> assertThat(v).contains("maxReplicaCount"));

        ObjectNode number = scaledObject.deepCopy();
        ((ObjectNode) number.path("spec").path("triggers").path(0).path("metadata")).put("lagThreshold", 5000);
        assertThat(fallbackViolations(number)).anySatisfy(v -> assertThat(v).contains("lagThreshold"));

        ObjectNode noType = scaledObject.deepCopy();
        ((ObjectNode) noType.path("spec").path("triggers").path(0)).remove("type");
        assertThat(fallbackViolations(noType)).anySatisfy(v -> assertThat(v).contains("type"));
    }

    @Test
    void theLagTriggerWatchesTheIndexersGroupAndTopicUpToThePartitions() {
        Properties settings = DeployManifests.properties(DeployManifests.named("ConfigMap", "clickstream-config"));
        JsonNode spec = scaledObject().doc().path("spec");
        JsonNode trigger = spec.path("triggers").path(0);
        JsonNode lag = trigger.path("metadata");
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(lag.path("consumerGroup").asText()).isEqualTo(settings.getProperty("kafka.consumer.group-id"));
        assertThat(lag.path("topic").asText()).isEqualTo(settings.getProperty("kafka.topic"));
        assertThat(lag.path("bootstrapServers").asText()).isEqualTo(settings.getProperty("kafka.brokers"));
        assertThat(lag.path("offsetResetPolicy").asText()).isEqualTo(settings.getProperty("indexer.auto-offset-reset"));
        assertThat(Long.parseLong(lag.path("lagThreshold").asText())).isPositive();
        assertThat(lag.path("tls").asText()).isEqualTo(
                settings.getProperty("camel.component.kafka.security-protocol").endsWith("SSL") ? "enable" : "disable");

        // a partition feeds one consumer of the group; a pod runs indexer.consumers of them
        int partitions = Integer.parseInt(settings.getProperty("kafka.topic.partitions"));
        int consumersPerPod = Integer.parseInt(settings.getProperty("indexer.consumers"));
        int max = spec.path("maxReplicaCount").asInt();
        assertThat(max * consumersPerPod).as("maxReplicaCount x indexer.consumers = kafka.topic.partitions")
                .isEqualTo(partitions);
        assertThat(spec.path("minReplicaCount").asInt()).isBetween(1, max);

        // the TLS material is the pods' own: the Secret the indexer mounts, keys its template has
        String authName = trigger.path("authenticationRef").path("name").asText();
        Manifest auth = kedaManifests().stream().filter(m -> m.kind().equals("TriggerAuthentication")).findFirst().orElseThrow();
        assertThat(auth.name()).isEqualTo(authName);
        Manifest tlsSecret = DeployManifests.named("Secret", "clickstream-tls");
        assertThat(DeployManifests.integration("clickstream-indexer").mountResources())
                .anySatisfy(r -> assertThat(DeployManifests.MountRef.parse(r).name()).isEqualTo(tlsSecret.name()));
        for (JsonNode ref : auth.doc().path("spec").path("secretTargetRef")) {
            assertThat(ref.path("name").asText()).isEqualTo(tlsSecret.name());
            assertThat(DeployManifests.data(tlsSecret)).containsKey(ref.path("key").asText());
        }
        assertThat(auth.doc().path("spec").path("secretTargetRef").findValuesAsText("parameter"))
                .containsExactlyInAnyOrder("ca", "cert", "key");
    }

    @Test
    void itScalesTheIndexerIntegrationThroughItsScaleSubresource() {
        JsonNode target = scaledObject().doc().path("spec").path("scaleTargetRef");
        DeployManifests.Integration indexer = DeployManifests.integration(target.path("name").asText());
        assertThat(indexer.manifest().apiVersion()).isEqualTo(target.path("apiVersion").asText());
        assertThat(target.path("kind").asText()).isEqualTo(indexer.manifest().kind()).isEqualTo("Integration");
        assertThat(indexer.env()).containsEntry("INDEXER_ENABLED", "true");

        assumeTrue(CamelKCrdSchemas.available(), "Camel K CRDs not found at " + CamelKCrdSchemas.DIR
                + ": the Integration's scale subresource is not checked");
        Path crd = CamelKCrdSchemas.DIR.resolve("camel.apache.org_integrations.yaml");
        JsonNode scale = DeployManifests.read(crd).get(0).doc().path("spec").path("versions").path(0)
                .path("subresources").path("scale");
        // KEDA's HPA reads and writes these through /scale
        assertThat(scale.path("specReplicasPath").asText()).isEqualTo(".spec.replicas");
        assertThat(scale.path("labelSelectorPath").asText()).isNotBlank();
    }

    private static List<Manifest> kedaManifests() {
        return DeployManifests.read(FILE).stream().filter(m -> m.group().equals("keda.sh")).toList();
    }

    private static Manifest scaledObject() {
        return kedaManifests().stream().filter(m -> m.kind().equals("ScaledObject")).findFirst()
                .orElseThrow(() -> new AssertionError("no ScaledObject in " + FILE));
    }

    private static List<String> fallbackViolations(JsonNode resource) {
        try {
            JsonNode schemas = DeployManifests.YAML.readTree(FALLBACK_SCHEMAS);
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(schemas.path(resource.path("kind").asText()));
            return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
