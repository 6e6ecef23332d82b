package clickstream.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests under {@code deploy/camel-k}, read document by document: the top-level files are what
 * {@code kubectl apply -f deploy/camel-k/} applies, {@code secret-templates/} holds the Secret templates.
 */
final class DeployManifests {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final Path DIR = PROJECT.resolve("deploy/camel-k");
    static final YAMLMapper YAML = new YAMLMapper();

    /** The mount trait's folders for {@code mount.configs} (Camel K: /etc/camel/conf.d/_configmaps|_secrets/name). */
    static final String CONFIGMAP_CONFIG_PATH = "/etc/camel/conf.d/_configmaps/";
    static final String SECRET_CONFIG_PATH = "/etc/camel/conf.d/_secrets/";
    static final String CLOUD_PROPERTIES_ENV = "CAMEL_MAIN_CLOUD_PROPERTIES_LOCATION";

    private DeployManifests() {
    }

    /** One YAML document of one file. */
    record Manifest(Path file, int index, JsonNode doc) {

        String apiVersion() {
            return doc.path("apiVersion").asText();
        }

        String kind() {
            return doc.path("kind").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        /** The API group: "" for core kinds (apiVersion v1). */
        String group() {
            String apiVersion = apiVersion();
            return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        }

        String version() {
            String apiVersion = apiVersion();
            return apiVersion.substring(apiVersion.indexOf('/') + 1);
        }

        boolean applied() {
            return file.getParent().equals(DIR);
        }

        @Override
        public String toString() {
            return PROJECT.relativize(file) + " document " + (index + 1) + " (" + kind() + " " + name() + ")";
        }
    }

    /** An Integration manifest, seen through the traits this project uses. */
    record Integration(Manifest manifest) {

        String name() {
            return manifest.name();
        }

        JsonNode traits() {
            return manifest.doc().path("spec").path("traits");
        }

        /** spec.replicas, 1 when absent (the CRD default). */
        int replicas() {
            return manifest.doc().path("spec").path("replicas").asInt(1);
        }

        String image() {
            return traits().path("container").path("image").asText();
        }

        List<String> mountConfigs() {
            return texts(traits().path("mount").path("configs"));
        }

        List<String> mountResources() {
            return texts(traits().path("mount").path("resources"));
        }

        /** environment.vars as name → value, in order. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String entry : texts(traits().path("environment").path("vars"))) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
            return env;
        }
    }

    static List<Manifest> all() {
        List<Manifest> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path file : files.filter(DeployManifests::isYaml).sorted().toList()) {
                result.addAll(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    static List<Manifest> read(Path file) {
        List<Manifest> result = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
             MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class)) {
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    result.add(new Manifest(file, index, doc));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return result;
    }

    static List<Integration> integrations() {
        return all().stream().filter(m -> m.kind().equals("Integration") && m.group().equals("camel.apache.org"))
                .map(Integration::new).toList();
    }

    static Integration integration(String name) {
        return integrations().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Integration " + name + " under " + DIR));
    }

    static Manifest named(String kind, String name) {
        return all().stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under " + DIR));
    }

    /** The settings a ConfigMap or Secret gives as properties: its application.properties key, or one property per key. */
    static Properties properties(Manifest configMapOrSecret) {
        Properties properties = new Properties();
        data(configMapOrSecret).forEach((key, value) -> {
            if (key.endsWith(".properties")) {
                try {
                    properties.load(new StringReader(value));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                properties.setProperty(key, value);
            }
        });
        return properties;
    }

    /** data and stringData of a ConfigMap or Secret template, as text. */
    static Map<String, String> data(Manifest manifest) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String field : List.of("data", "stringData")) {
            manifest.doc().path(field).fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        }
        return data;
    }

    /** kind and name of a mount trait entry such as {@code secret:clickstream-tls@/etc/clickstream/tls}. */
    record MountRef(String kind, String name, String key, String path) {
        static MountRef parse(String entry) {
            int colon = entry.indexOf(':');
            String kind = entry.substring(0, colon);
            String rest = entry.substring(colon + 1);
            String path = null;
            if (rest.contains("@")) {
                path = rest.substring(rest.indexOf('@') + 1);
                rest = rest.substring(0, rest.indexOf('@'));
            }
            String key = null;
            if (rest.contains("/")) {
                key = rest.substring(rest.indexOf('/') + 1);
                rest = rest.substring(0, rest.indexOf('/'));
            }
            return new MountRef(kind, rest, key, path);
        }

        String manifestKind() {
            return kind.equals("configmap") ? "ConfigMap" : "Secret";
        }

        /** Where the mount trait puts this entry when it is one of mount.configs. */
        String configPath() {
            return (kind.equals("configmap") ? CONFIGMAP_CONFIG_PATH : SECRET_CONFIG_PATH) + name;
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(n -> result.add(n.asText()));
        return result;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
