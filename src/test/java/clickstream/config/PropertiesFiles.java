package clickstream.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's properties files as the tests of the settings read them. */
public final class PropertiesFiles {

    public static final Path APPLICATION = Path.of("src/main/resources/application.properties");
    /** A key shown commented out, with an example value: {@code # kafka.brokers = localhost:9092}. */
    private static final Pattern COMMENTED = Pattern.compile("(?m)^#\\s*([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\\s*=\\s*(\\S.*?)\\s*$");

    private PropertiesFiles() {
    }

    public static Properties load(Path file) {
        return parse(read(file));
    }

    public static Properties parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The keys shown commented out in a file, with their example values, in file order. */
    public static Map<String, String> commentedExamples(Path file) {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher matcher = COMMENTED.matcher(read(file));
        while (matcher.find()) {
            examples.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return examples;
    }

    /**
     * What is wrong with the app keys (not {@code camel.*}) of some properties: "key: not declared" for a key no
     * {@link Setting} declares (a typo?), "key: message" for a value its declaration refuses. Empty when all is well.
     */
    public static List<String> problems(Properties properties) {
        Map<String, Setting<?>> declared = new HashMap<>();
        SettingsCatalog.ALL.forEach(s -> declared.put(s.key(), s));
        Settings settings = Settings.of(properties);
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("camel.")) {
                continue;
            }
            if (!declared.containsKey(key)) {
                problems.add(key + ": not declared in SettingsCatalog (a typo?)");
                continue;
            }
            try {
                settings.optional(declared.get(key));
            } catch (ConfigurationException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
