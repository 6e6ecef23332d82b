package clickstream.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Camel K CustomResourceDefinitions from {@code ../shared/camel-k/crds} (relative to the project folder), each
 * served version's {@code openAPIV3Schema} turned into a JSON schema that is as strict as
 * {@code kubectl apply --validate=strict}: an object is closed ({@code additionalProperties: false}) unless it
 * declares {@code x-kubernetes-preserve-unknown-fields} or its own {@code additionalProperties}, and
 * {@code metadata} is checked against the usual ObjectMeta fields.
 */
final class CamelKCrdSchemas {

    static final Path DIR = DeployManifests.PROJECT.resolve("../shared/camel-k/crds").normalize();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The CRD's group and kind (spec.group, spec.names.kind), found without parsing the whole file. */
    private static final Pattern GROUP = Pattern.compile("(?m)^  group: (\\S+)$");
    private static final Pattern KIND = Pattern.compile("(?m)^    kind: (\\S+)$");
    /** Draft 7 plus the Kubernetes extension keywords, which only matter to the API server (no validation here). */
    private static final JsonSchemaFactory FACTORY;

    static {
        JsonMetaSchema kubernetes = JsonMetaSchema.builder(JsonMetaSchema.getV7())
                .keywords(Stream.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
                                "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
                                "x-kubernetes-embedded-resource", "x-kubernetes-validations")
                        .map(NonValidationKeyword::new).toList())
                .build();
        FACTORY = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
                .metaSchema(kubernetes).defaultMetaSchemaIri(kubernetes.getIri()).build();
    }

    /** "group/Kind" → CRD file, and "group/version/Kind" → strict JSON schema once it was needed. */
    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, Optional<JsonSchema>> schemas = new HashMap<>();

    private CamelKCrdSchemas() {
    }

    static boolean available() {
        return Files.isDirectory(DIR);
    }

    /** Indexes the CRD files by group and kind; a CRD is parsed (slow: large YAML) only when a manifest needs it. */
    static CamelKCrdSchemas load() {
        return load(DIR);
    }

    /** The same for the CRD files of another operator (KEDA's: KedaScaledObjectTest). */
    static CamelKCrdSchemas load(Path dir) {
        CamelKCrdSchemas result = new CamelKCrdSchemas();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher group = GROUP.matcher(text);
                Matcher kind = KIND.matcher(text);
                if (group.find() && kind.find()) {
                    result.files.put(group.group(1) + "/" + kind.group(1), file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private JsonNode openApiSchema(String apiVersion, String kind) {
        Path file = files.get(apiVersion.substring(0, apiVersion.indexOf('/')) + "/" + kind);
        if (file == null) {
            return null;
        }
        for (DeployManifests.Manifest crd : DeployManifests.read(file)) {
            for (JsonNode version : crd.doc().path("spec").path("versions")) {
                if (version.path("served").asBoolean(false) && apiVersion.endsWith("/" + version.path("name").asText())) {
                    return version.path("schema").path("openAPIV3Schema");
                }
            }
        }
        return null;
    }

    /** "group/Kind" of every CRD found. */
    Set<String> kinds() {
        return files.keySet();
    }

    Optional<JsonSchema> schema(String apiVersion, String kind) {
        return schemas.computeIfAbsent(apiVersion + "/" + kind, k -> Optional.ofNullable(openApiSchema(apiVersion, kind))
                .map(schema -> FACTORY.getSchema(strict(schema))));
    }

    /** The violations of one custom resource; empty when valid. */
    List<String> validate(String apiVersion, String kind, JsonNode resource) {
        JsonSchema schema = schema(apiVersion, kind).orElseThrow(() -> new AssertionError(
                "no CustomResourceDefinition in " + DIR + " serves " + apiVersion + " " + kind + " (found " + kinds() + ")"));
        return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** A copy of a CRD schema that rejects unknown fields the way kubectl --validate=strict does. */
    static ObjectNode strict(JsonNode openApiV3Schema) {
        ObjectNode root = openApiV3Schema.deepCopy();
        close(root);
        ((ObjectNode) root.path("properties")).set("metadata", objectMeta());
        return root;
    }

    private static void close(JsonNode node) {
        if (node instanceof ArrayNode schemas) {
            schemas.forEach(CamelKCrdSchemas::close);
            return;
        }
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        boolean objectSchema = "object".equals(schema.path("type").asText()) || schema.has("properties");
        if (objectSchema && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(CamelKCrdSchemas::close);
        close(schema.get("items"));
        close(schema.get("additionalProperties"));
        close(schema.get("not"));
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            schema.path(combinator).forEach(CamelKCrdSchemas::close);
        }
    }

    /** The ObjectMeta fields a manifest sets (the API server validates metadata itself, not the CRD). */
    private static ObjectNode objectMeta() {
        ObjectNode strings = NODES.objectNode().put("type", "object");
        strings.set("additionalProperties", NODES.objectNode().put("type", "string"));
        ObjectNode properties = NODES.objectNode();
        for (String field : List.of("name", "namespace", "generateName")) {
            properties.set(field, NODES.objectNode().put("type", "string"));
        }
        properties.set("labels", strings);
        properties.set("annotations", strings.deepCopy());
        ObjectNode meta = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        meta.set("properties", properties);
        ArrayNode required = meta.putArray("required");
        required.add("name");
        return meta;
    }
}
