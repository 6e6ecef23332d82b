package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>KEDA's schema: its CRD files when they are in {@code ../shared/keda/crds} (checked like the Camel K CRDs,
 * {@link CamelKCrdSchemas}); otherwise the CRDs of KEDA release 2.10.1 ({@code keda-2.10.1.yaml}) as compiled to
 * validators by the npm package {@code @kubernetes-models/keda} 0.4.2 ({@code src/test/keda/}, installed into
 * {@code target/keda-schema} by the pom's {@code keda-schema} profile: no Maven artifact carries KEDA's CRDs). A CRD
 * schema does not close its objects (Kubernetes prunes unknown fields), so {@link #KNOWN_FIELDS} also refuses a field
 * KEDA does not know, as {@code kubectl --validate=strict} would.
 */
class KedaScaledObjectTest {

    private static final Logger LOG = LoggerFactory.getLogger(KedaScaledObjectTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path KEDA_CRDS = DeployManifests.PROJECT.resolve("../shared/keda/crds").normalize();
    static final Path KEDA_NPM = DeployManifests.PROJECT.resolve("target/keda-schema");
    static final Path FILE = DeployManifests.DIR.resolve("keda/clickstream-indexer-scaledobject.yaml");

    /**
     * The fields of KEDA 2.x's ScaledObject and TriggerAuthentication (keda.sh/docs/2.x/reference/scaledobject-spec
     * and concepts/authentication), closed like {@code kubectl --validate=strict}; integers where KEDA's CRD has
     * int32, trigger metadata a map of strings.
     */
    static final String KNOWN_FIELDS = """
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
        for (Manifest manifest : keda) {
            assertThat(unknownFields(manifest.doc())).as("fields KEDA does not know in %s", manifest).isEmpty();
        }
        if (Files.isDirectory(KEDA_CRDS)) {
            LOG.info("Validating {} against KEDA's CRDs in {}", FILE, KEDA_CRDS);
            CamelKCrdSchemas crds = CamelKCrdSchemas.load(KEDA_CRDS);
            for (Manifest manifest : keda) {
                assertThat(crds.validate(manifest.apiVersion(), manifest.kind(), manifest.doc()))
                        .as("schema violations of %s", manifest).isEmpty();
            }
            return;
        }
        assumeTrue(kedaNpmInstalled(), "KEDA's schema is neither in " + KEDA_CRDS + " nor installed in " + KEDA_NPM
                + " (the pom's keda-schema profile needs npm): only the field names were checked");
        LOG.info("Validating {} against KEDA 2.10.1's CRD schema (@kubernetes-models/keda 0.4.2, {})", FILE, KEDA_NPM);
        List<List<String>> violations = kedaSchemaViolations(keda.stream().map(Manifest::doc).toList());
        for (int i = 0; i < keda.size(); i++) {
            assertThat(violations.get(i)).as("schema violations of %s", keda.get(i)).isEmpty();
        }
    }

    @Test
    void kedasSchemaAndTheFieldListRejectWhatKedaRejects() {
        ObjectNode scaledObject = scaledObject().doc().deepCopy();

        ObjectNode typo = scaledObject.deepCopy();
        ObjectNode target = (ObjectNode) typo.path("spec").path("scaleTargetRef");
        target.set("nam", target.remove("name"));
        assertThat(unknownFields(typo)).anySatisfy(v -> assertThat(v).contains("nam"))
                .anySatisfy(v -> assertThat(v).contains("name"));

        ObjectNode text = scaledObject.deepCopy();
        ((ObjectNode) text.path("spec")).put("maxReplicaCount", "3");
        ObjectNode number = scaledObject.deepCopy();
        ((ObjectNode) number.path("spec").path("triggers").path(0).path("metadata")).put("lagThreshold", 5000);
        ObjectNode noType = scaledObject.deepCopy();
        ((ObjectNode) noType.path("spec").path("triggers").path(0)).remove("type");
        List<JsonNode> wrong = List.of(text, number, noType);
        List<String> fields = List.of("maxReplicaCount", "lagThreshold", "type");
        for (int i = 0; i < wrong.size(); i++) {
            String field = fields.get(i);
            assertThat(unknownFields(wrong.get(i))).anySatisfy(v -> assertThat(v).contains(field));
        }

        assumeTrue(kedaNpmInstalled(), "KEDA's schema is not installed in " + KEDA_NPM + " (needs npm)");
        List<List<String>> violations = kedaSchemaViolations(List.of(scaledObject, text, number, noType));
        assertThat(violations.get(0)).as("the ScaledObject as it is").isEmpty();
        for (int i = 0; i < wrong.size(); i++) {
            String field = fields.get(i);
            assertThat(violations.get(i + 1)).as("KEDA's schema on a wrong %s", field)
                    .anySatisfy(v -> assertThat(v).contains(field));
        }
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

    private static List<String> unknownFields(JsonNode resource) {
        try {
            JsonNode schemas = DeployManifests.YAML.readTree(KNOWN_FIELDS);
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(schemas.path(resource.path("kind").asText()));
            return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean kedaNpmInstalled() {
        return Files.isDirectory(KEDA_NPM.resolve("node_modules/@kubernetes-models/keda"));
    }

    /** Per resource, its violations of KEDA's schema: src/test/keda/validate.cjs, run by Node. */
    private static List<List<String>> kedaSchemaViolations(List<JsonNode> resources) {
        try {
            Process node = new ProcessBuilder("node", "validate.cjs").directory(KEDA_NPM.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = node.getOutputStream()) {
                JSON.writeValue(in, resources);
            }
            byte[] out = node.getInputStream().readAllBytes();
            assertThat(node.waitFor(1, TimeUnit.MINUTES)).as("node validate.cjs ended").isTrue();
            assertThat(node.exitValue()).as("node validate.cjs exit code").isZero();
            return JSON.readValue(out, new TypeReference<List<List<String>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
