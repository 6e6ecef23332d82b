package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.deploy.DeployManifests.Manifest;

/**
 * Every Camel K resource under deploy/camel-k is valid for the Camel K CRDs as {@code kubectl apply
 * --validate=strict} would check it, offline. The CRDs are shared data outside the project
 * ({@code ../shared/camel-k/crds}); without them the test is skipped, saying where it looked.
 */
class CamelKManifestSchemaTest {

    private static final Logger LOG = LoggerFactory.getLogger(CamelKManifestSchemaTest.class);
    private static CamelKCrdSchemas crds;

    /** Per test, so that each one shows as skipped, with the reason, when the CRDs are not there. */
    @BeforeEach
    void loadCrds() {
        assumeTrue(CamelKCrdSchemas.available(), "Camel K CRDs not found at " + CamelKCrdSchemas.DIR
                + " (../shared/camel-k/crds from the project folder): manifest schema checks skipped");
        if (crds == null) {
            LOG.info("Validating deploy/camel-k against the CRDs in {}", CamelKCrdSchemas.DIR);
            crds = CamelKCrdSchemas.load();
        }
        assertThat(crds.kinds()).contains("camel.apache.org/Integration");
    }

    @Test
    void everyCamelKManifestIsValidForItsCrdInStrictMode() {
        List<Manifest> camelK = DeployManifests.all().stream().filter(m -> m.group().equals("camel.apache.org")).toList();
        assertThat(camelK).extracting(Manifest::name).contains("clickstream-generator", "clickstream-indexer");
        for (Manifest manifest : camelK) {
            assertThat(crds.validate(manifest.group() + "/" + manifest.version(), manifest.kind(), manifest.doc()))
                    .as("schema violations of %s", manifest)
                    .isEmpty();
        }
    }

    @Test
    void aMisspelledFieldIsRejected() {
        JsonNode indexer = DeployManifests.integration("clickstream-indexer").manifest().doc();

        ObjectNode typoInTrait = indexer.deepCopy();
        ObjectNode mount = (ObjectNode) typoInTrait.path("spec").path("traits").path("mount");
        mount.set("config", mount.remove("configs"));
        assertThat(violations(typoInTrait)).anySatisfy(v -> assertThat(v).contains("config").contains("spec.traits.mount"));

        ObjectNode typoInSpec = indexer.deepCopy();
        ((ObjectNode) typoInSpec.path("spec")).put("replica", 3);
        assertThat(violations(typoInSpec)).anySatisfy(v -> assertThat(v).contains("replica").contains("spec"));

        ObjectNode typoInMetadata = indexer.deepCopy();
        ((ObjectNode) typoInMetadata.path("metadata")).putObject("label").put("app", "x");
        assertThat(violations(typoInMetadata)).anySatisfy(v -> assertThat(v).contains("label").contains("metadata"));

        ObjectNode wrongType = indexer.deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("replicas", "two");
        assertThat(violations(wrongType)).anySatisfy(v -> assertThat(v).contains("spec.replicas"));
    }

    @Test
    void fieldsTheCrdLeavesOpenStayOpen() {
        // a YAML DSL flow is x-kubernetes-preserve-unknown-fields: any route content is accepted there
        ObjectNode withFlow = DeployManifests.integration("clickstream-indexer").manifest().doc().deepCopy();
        ((ObjectNode) withFlow.path("spec")).putArray("flows").addObject().putObject("route").put("anything", "goes");
        assertThat(violations(withFlow)).isEmpty();
    }

    private static List<String> violations(JsonNode integration) {
        return crds.validate("camel.apache.org/v1", "Integration", integration);
    }
}
