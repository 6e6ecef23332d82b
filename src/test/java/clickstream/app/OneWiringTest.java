package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The app is wired in one place, application.properties ({@code camel.main.configuration-classes},
 * {@code camel.main.routes-builder-classes}), which mvn camel:run, Camel JBang and the container image all read: no
 * other file lists configuration classes or route builders, in properties or in code, and the list names every one
 * the app has.
 */
class OneWiringTest {

    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    /**
     * What a second wiring would contain: the camel-main keys (any spelling) given a value (key=, key:, or the key as a
     * string literal in code), or Camel Main's wiring calls. Mentioning the keys in a comment is fine.
     */
    private static final Pattern WIRING = Pattern.compile(
            "camel\\.main\\.(configuration-classes|configurationClasses|routes-builder-classes|routesBuilderClasses)"
                    + "(\\s*[=:]|\")"
                    + "|CAMEL_MAIN_(CONFIGURATION_CLASSES|ROUTES_BUILDER_CLASSES)"
                    + "|\\.(addConfiguration|addRoutesBuilder|addMainListener|setConfigurationClasses"
                    + "|setRoutesBuilderClasses|withConfigurationClasses|withRoutesBuilderClasses)\\(");

    @Test
    void noFileButApplicationPropertiesWiresTheApp() throws IOException {
        List<String> found = new ArrayList<>();
        // what runs the app: its code, the JBang launcher and catalog, the routes, the deployment, the test support
        // that starts the app (route tests may narrow the list to what they use, with the same keys)
        for (String root : List.of("src/main", "src/embedded", "src/run", "src/bench", "src/test/java/clickstream/it",
                "jbang", "jbang-catalog.json", "routes", "deploy", "conf")) {
            Path start = Path.of(root);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (file.normalize().equals(PROPERTIES)) {
                        continue;
                    }
                    String text = Files.readString(file);
                    Matcher matcher = WIRING.matcher(text);
                    while (matcher.find()) {
                        found.add(file + ": " + matcher.group());
                    }
                }
            }
        }
        assertThat(found).as("wiring outside %s", PROPERTIES).isEmpty();
    }

    @Test
    void applicationPropertiesListsEveryConfigurationAndRouteBuilderOnce() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES)) {
            properties.load(reader);
        }
        List<String> configurations = list(properties, "camel.main.configuration-classes");
        List<String> builders = list(properties, "camel.main.routes-builder-classes");

        List<String> allConfigurations = new ArrayList<>();
        List<String> allBuilders = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("clickstream")) {
            if (type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                    || type.isInterface() || type.isNestedClass() || type.isAnonymousClass()) {
                continue;
            }
            if (type.isAssignableTo(CamelConfiguration.class)) {
                allConfigurations.add(type.getName());
            } else if (type.isAssignableTo(RoutesBuilder.class)) {
                allBuilders.add(type.getName());
            }
        }
        assertThat(configurations).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allConfigurations);
        assertThat(builders).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allBuilders);
        // the start-up first: the other configurations' beans use the services, components and connection it binds
        assertThat(configurations).first().isEqualTo(ServicesBootstrap.class.getName());
    }

    @Test
    void theJBangAliasRunsThisBuildsArtifact() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>clickstream</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).as("the project's version in pom.xml").isTrue();
        assertThat(Files.readString(Path.of("jbang-catalog.json")))
                .contains("\"io.clickstream:clickstream:" + version.group(1) + "\"")
                .contains("\"script-ref\": \"jbang/CamelJBang.java\"");
        assertThat(Files.readString(Path.of("jbang/CamelJBang.java")))
                .contains("//DEPS org.apache.camel:camel-bom:" + camelVersion(pom) + "@pom");
    }

    private static String camelVersion(String pom) {
        Matcher matcher = Pattern.compile("<camel.version>([^<]+)</camel.version>").matcher(pom);
        assertThat(matcher.find()).as("camel.version in pom.xml").isTrue();
        return matcher.group(1);
    }

    private static List<String> list(Properties properties, String key) {
        String value = properties.getProperty(key);
        assertThat(value).as(key + " in " + PROPERTIES).isNotBlank();
        return Arrays.stream(value.split(",")).map(String::trim).toList();
    }
}
