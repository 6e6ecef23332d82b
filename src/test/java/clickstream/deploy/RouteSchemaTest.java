package clickstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

/**
 * Every YAML route in routes/ is valid for the YAML DSL JSON schema that camel-yaml-dsl ships
 * ({@code schema/camelYamlDsl.json}), so a misspelled key fails here rather than when a pod starts.
 */
class RouteSchemaTest {

    static final Path ROUTES = DeployManifests.PROJECT.resolve("routes");
    private static final String SCHEMA = "schema/camelYamlDsl.json";
    /** A whole value that is one property placeholder, e.g. "{{indexer.enabled}}". */
    private static final String PLACEHOLDER = "^\\{\\{[^{}]+\\}\\}$";

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = RouteSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            assertThat(in).as("%s on the classpath (camel-yaml-dsl)", SCHEMA).isNotNull();
            JsonNode node = new ObjectMapper().readTree(in);
            acceptPlaceholders(node);
            // the schema's own annotation keyword "deprecated" is not in draft 4: declare it, it validates nothing
            JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keyword(new NonValidationKeyword("deprecated")).build();
            assertThat(SpecVersionDetector.detect(node)).isEqualTo(SpecVersion.VersionFlag.V4);
            schema = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                    .metaSchema(draft4).build().getSchema(node);
        }
    }

    @Test
    void everyRouteFileIsValidYamlDsl() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(ROUTES)) {
            files = list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            assertThat(files).as("route files are named *.camel.yaml, as Camel tooling expects")
                    .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".camel.yaml"));
        }
        assertThat(files).as("YAML routes in %s", ROUTES).isNotEmpty();
        for (Path file : files) {
            assertThat(violations(DeployManifests.YAML.readTree(file.toFile())))
                    .as("YAML DSL schema violations of %s", DeployManifests.PROJECT.relativize(file))
                    .isEmpty();
        }
    }

    @Test
    void aMisspelledKeyOrAWrongValueIsRejected() throws IOException {
        JsonNode routes = DeployManifests.YAML.readTree(ROUTES.resolve("indexer.camel.yaml").toFile());
        ObjectNode indexer = (ObjectNode) routes.get(0).get("route");

        JsonNode misspelledStep = routes.deepCopy();
        ObjectNode step = (ObjectNode) misspelledStep.get(0).get("route").get("from").get("steps").get(0);
        step.set("beans", step.remove("bean"));
        assertThat(violations(misspelledStep)).anySatisfy(v -> assertThat(v).contains("beans"));

        JsonNode misspelledRouteKey = routes.deepCopy();
        ((ObjectNode) misspelledRouteKey.get(0).get("route")).put("autoStartUp", true);
        assertThat(violations(misspelledRouteKey)).anySatisfy(v -> assertThat(v).contains("autoStartUp"));

        // a placeholder stands for any type (Camel resolves it before converting), anything else must fit the type
        assertThat(indexer.get("autoStartup").asText()).isEqualTo("{{indexer.enabled}}");
        JsonNode notABoolean = routes.deepCopy();
        ((ObjectNode) notABoolean.get(0).get("route")).put("autoStartup", "sometimes");
        assertThat(violations(notABoolean)).anySatisfy(v -> assertThat(v).contains("autoStartup"));
    }

    private static Set<String> violations(JsonNode routes) {
        return schema.validate(routes).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    /**
     * The schema types booleans and numbers strictly, but Camel resolves {{placeholders}} in every option before it
     * converts the value, so "{{indexer.enabled}}" is a valid autoStartup: accept a whole-value placeholder there.
     */
    static void acceptPlaceholders(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(RouteSchemaTest::acceptPlaceholders);
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
            acceptPlaceholders(field.getValue());
        }
        JsonNode type = object.get("type");
        if (type == null || !type.isTextual() || !Set.of("boolean", "integer", "number").contains(type.asText())) {
            return;
        }
        ArrayNode alternatives = JsonNodeFactory.instance.arrayNode();
        alternatives.addObject().put("type", type.asText());
        alternatives.addObject().put("type", "string").put("pattern", PLACEHOLDER);
        object.remove("type");
        if (!object.has("anyOf")) {
            object.set("anyOf", alternatives);
        } else {
            ArrayNode allOf = object.has("allOf") ? (ArrayNode) object.get("allOf") : object.putArray("allOf");
            allOf.addObject().set("anyOf", alternatives);
        }
    }
}
