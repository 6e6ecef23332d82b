package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each setting is declared once, in {@link SettingsCatalog}, and application.properties agrees with the declarations:
 * every app key it sets is declared and valid, every declared key has its line there (a value, or for an optional
 * key a blank value or a commented-out example such as {@code # kafka.brokers = localhost:9092}), and every
 * {@code {{placeholder}}} of the routes, the Java code and the properties is declared (or is Camel's own).
 * The Camel K ConfigMap is checked the same way in DeploySettingsTest.
 */
class SettingsCatalogTest {

    /** Other properties files the runners read on top of application.properties. */
    static final List<Path> OVERLAYS = List.of(Path.of("src/main/resources/application-prod.properties"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z?][^{}:\\s]*)(?::([^{}]*))?\\s*}}");

    private static final Map<String, Setting<?>> DECLARED = SettingsCatalog.ALL.stream()
            .collect(Collectors.toMap(Setting::key, s -> s));

    @Test
    void everyDeclarationIsInTheCatalogOnce() throws IllegalAccessException {
        List<Setting<?>> fields = new ArrayList<>();
        for (Class<?> group : SettingsCatalog.class.getDeclaredClasses()) {
            for (Field field : group.getDeclaredFields()) {
                if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                    fields.add((Setting<?>) field.get(null));
                }
            }
        }
        assertThat(fields).hasSizeGreaterThan(50);
        assertThat(SettingsCatalog.ALL).as("every Setting constant is listed in its group, once").containsExactlyInAnyOrderElementsOf(fields);
        assertThat(DECLARED).hasSameSizeAs(SettingsCatalog.ALL);
        for (Setting<?> setting : SettingsCatalog.ALL) {
            assertThat(setting.doc()).as(setting.key()).isNotBlank().doesNotContain("\n");
            assertThat(setting.type().description()).as(setting.key()).isNotBlank();
        }
    }

    @Test
    void everyAppKeyOfApplicationPropertiesIsDeclaredWithAValidValue() {
        assertKeysDeclaredAndValid(PropertiesFiles.APPLICATION, PropertiesFiles.load(PropertiesFiles.APPLICATION));
    }

    @Test
    void everyAppKeyOfTheOtherPropertiesFilesIsDeclaredWithAValidValue() {
        for (Path file : OVERLAYS) {
            if (Files.exists(file)) {
                assertKeysDeclaredAndValid(file, PropertiesFiles.load(file));
            }
        }
    }

    @Test
    void everyDeclaredKeyHasItsLineInApplicationProperties() {
        Properties defaults = PropertiesFiles.load(PropertiesFiles.APPLICATION);
        Map<String, String> examples = PropertiesFiles.commentedExamples(PropertiesFiles.APPLICATION);
        Settings settings = Settings.of(defaults);
        Set<String> missing = new TreeSet<>();
        for (Setting<?> setting : SettingsCatalog.ALL) {
            String value = defaults.getProperty(setting.key());
            if (!setting.optional()) {
                // the one default, and a valid one
                if (value == null || value.isBlank()) {
                    missing.add(setting.key());
                } else {
                    assertThatCode(() -> settings.get(setting)).doesNotThrowAnyException();
                }
            } else if (value == null) {
                String example = examples.get(setting.key());
                if (example == null) {
                    missing.add(setting.key() + " (optional: `key =` or a commented-out `# key = example`)");
                } else {
                    Properties one = new Properties();
                    one.setProperty(setting.key(), example);
                    assertThatCode(() -> Settings.of(one).get(setting)).as("the example of %s", setting.key())
                            .doesNotThrowAnyException();
                }
            }
        }
        assertThat(missing).as("declared in SettingsCatalog but not in %s", PropertiesFiles.APPLICATION).isEmpty();
    }

    @Test
    void everyPlaceholderIsADeclaredSettingOrCamels() throws IOException {
        Map<String, String> undeclared = new TreeMap<>();
        int seen = 0;
        for (Path source : placeholderSources()) {
            Matcher placeholder = PLACEHOLDER.matcher(Files.readString(source));
            while (placeholder.find()) {
                String key = placeholder.group(1);
                seen++;
                // Camel's properties functions: environment, system properties, the HashiCorp vault
                boolean function = key.equals("env") || key.equals("sys") || key.equals("hashicorp");
                if (!function && !key.startsWith("camel.") && !DECLARED.containsKey(key)) {
                    undeclared.putIfAbsent(key, source.toString());
                }
            }
        }
        assertThat(seen).isGreaterThan(20);
        assertThat(undeclared).as("placeholders that name no declared setting (add them to SettingsCatalog)").isEmpty();
    }

    @Test
    void noKeyIsWrittenOutsideTheCatalog() throws IOException {
        // a key as a whole string literal in main code is a second declaration: use SettingsCatalog.X.Y (or .key())
        Pattern literal = Pattern.compile("\"([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\"");
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            for (Path source : java.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (source.endsWith(Path.of("clickstream/config/SettingsCatalog.java"))) {
                    continue;
                }
                Matcher matcher = literal.matcher(Files.readString(source));
                while (matcher.find()) {
                    if (DECLARED.containsKey(matcher.group(1))) {
                        found.put(matcher.group(1), source.toString());
                    }
                }
            }
        }
        assertThat(found).as("setting keys written as string literals outside SettingsCatalog").isEmpty();
    }

    private static void assertKeysDeclaredAndValid(Path file, Properties properties) {
        assertThat(PropertiesFiles.problems(properties)).as("app keys of %s", file).isEmpty();
    }

    private static List<Path> placeholderSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"));
                Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            routes.filter(f -> f.toString().endsWith(".yaml")).forEach(sources::add);
            java.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
        }
        sources.add(PropertiesFiles.APPLICATION);
        sources.addAll(OVERLAYS.stream().filter(Files::exists).toList());
        return sources;
    }
}
