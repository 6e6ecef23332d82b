package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import clickstream.config.SettingsCatalog.Group;

/**
 * docs/configuration.md is generated from the declarations ({@link SettingsCatalog}) and the defaults
 * (src/main/resources/application.properties), so the reference cannot drift from either. When it fails,
 * regenerate the file with {@value #REGENERATE}. The prose that is not a key table is written here.
 */
class ConfigurationDocTest {

    static final Path FILE = Path.of("docs/configuration.md");
    static final String REGENERATE =
            "mvn -q test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true";

    private static final String HEADER = """
            # Configuration

            <!-- GENERATED from clickstream.config.SettingsCatalog (types, ranges, docs) and
                 src/main/resources/application.properties (defaults) by ConfigurationDocTest: do not edit; change those
                 and run %s -->

            Every key lives in `src/main/resources/application.properties`, which holds every default. Override any of them

            - with a system property: `mvn camel:run -Dgenerator.rate=500`, or
            - with an environment variable named like the key in upper case with `.` and `-` as `_`:
              `GENERATOR_RATE=500 mvn camel:run`, `KAFKA_BROKERS=broker:9092`.

            Environment variables win over `-D`, which wins over the file. Every setting is checked at start-up against
            the type and range below; a wrong one stops the app with one line naming the key, the value and the fix
            (exit code 2). An optional key may be left unset (absent or blank); its meaning says what that does.
            """.formatted(REGENERATE);

    /** Prose after a group's table. */
    private static final Map<String, String> AFTER = Map.of(
            "Kafka", """
                    Other camel-kafka component options can be set too (`camel.component.kafka.<option>`), but set security
                    with the keys below: they configure the Camel kafka endpoints and the app's own admin client (topic
                    creation) alike.
                    """,
            "Security (Kafka and OpenSearch)", """
                    How to fill them in for Aiven: [Connect to Aiven](deploy.md#connect-to-aiven-or-any-secured-cluster).
                    The files are read and checked at start-up: an unknown protocol or SASL mechanism, a missing or
                    unreadable file, a key that is not PKCS#8 (or is encrypted without `kafka.ssl.key-password`), a
                    certificate that does not parse, has expired or does not belong to the key, SASL without username or
                    password, each stops the app with one line such as `clickstream: kafka.ssl.key-file =
                    'conf/service.key': no such file (/home/me/clickstream/conf/service.key): put the client's private key
                    (Aiven: service.key) there, or set kafka.ssl.key-file to where it is` (exit code 2).
                    """,
            "Embedded services", """
                    Setting `kafka.brokers` and/or `opensearch.hosts` switches the matching embedded service off. The
                    deployable artifact can be built without the embedded server jars: `mvn -Dno-embedded -DskipTests
                    package` (the `embedded` profile is active unless `-Dno-embedded` is given); it then needs both settings.
                    """);

    private static final String CAMEL = """
            ## Camel's own keys

            `application.properties` also sets Camel Main's keys (`camel.*`, documented by Camel): where the YAML routes
            are read from and their live edit ([Live-edit routes](run-modes.md#live-edit-routes); set
            `camel.main.routes-reload-enabled=false` for a deployment), and the embedded HTTP server with its health
            and metrics endpoints, whose `camel.server.host/port` and `camel.management.host/port` follow
            `http.host`/`http.port`. `camel.health.exposure-level` sets the detail of `/observe/health`: `oneline`,
            `default` (failing checks) or `full`.

            | key | value in application.properties |
            |---|---|
            """;

    @Test
    void theReferenceIsGeneratedFromTheDeclarationsAndTheDefaults() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("config.docs.write")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
                .as("%s is out of date with SettingsCatalog and application.properties; regenerate it with: %s", FILE, REGENERATE)
                .isEqualTo(expected);
    }

    static String render() {
        Properties defaults = PropertiesFiles.load(PropertiesFiles.APPLICATION);
        Map<String, String> examples = PropertiesFiles.commentedExamples(PropertiesFiles.APPLICATION);
        StringBuilder md = new StringBuilder(HEADER);
        for (Group group : SettingsCatalog.GROUPS) {
            md.append("\n## ").append(group.title()).append("\n\n").append(group.doc()).append("\n\n")
                    .append("| key | type | default | meaning |\n|---|---|---|---|\n");
            for (Setting<?> setting : group.settings()) {
                md.append("| `").append(setting.key()).append("` | ").append(cell(setting.type().description()))
                        .append(setting.optional() ? ", optional" : "").append(" | ")
                        .append(defaultCell(defaults.getProperty(setting.key()), examples.get(setting.key())))
                        .append(" | ").append(cell(setting.doc())).append(" |\n");
            }
            if (AFTER.containsKey(group.title())) {
                md.append('\n').append(AFTER.get(group.title()));
            }
        }
        md.append('\n').append(CAMEL);
        for (String key : new TreeSet<>(defaults.stringPropertyNames())) {
            if (key.startsWith("camel.")) {
                md.append("| `").append(key).append("` | `").append(cell(defaults.getProperty(key).trim())).append("` |\n");
            }
        }
        return md.toString();
    }

    private static String defaultCell(String value, String example) {
        if (value != null && !value.isBlank()) {
            return "`" + cell(value.trim()) + "`";
        }
        return example == null ? "*(unset)*" : "*(unset)*, e.g. `" + cell(example) + "`";
    }

    /** Markdown table cell text: a pipe would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
