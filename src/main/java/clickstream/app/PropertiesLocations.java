package clickstream.app;

import clickstream.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.main.MainConstants;
import org.apache.camel.main.MainHelper;

/**
 * The extra properties files a user names with {@code camel.main.property-placeholder-location} (e.g.
 * {@code file:conf/aiven.properties,classpath:application.properties}) must exist: Camel would stop on a missing
 * one with a stack trace, this says which file and how to fix it in one line.
 */
final class PropertiesLocations {

    private PropertiesLocations() {
    }

    static void requireFiles() {
        requireFiles(MainHelper.lookupPropertyFromSysOrEnv(MainConstants.PROPERTY_PLACEHOLDER_LOCATION));
    }

    static void requireFiles(Optional<String> locations) {
        if (locations.isEmpty()) {
            return;
        }
        for (String location : locations.get().split(",")) {
            String entry = location.trim();
            if (!entry.startsWith("file:") || entry.contains("optional=true")) {
                continue;
            }
            String file = entry.substring("file:".length()).split(";")[0];
            Path path = Path.of(file).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigurationException(MainConstants.PROPERTY_PLACEHOLDER_LOCATION + " names " + entry
                        + ", which is not a readable file (" + path + "): create it (e.g. cp conf/aiven.properties.example "
                        + "conf/aiven.properties) or fix the path; keep classpath:application.properties in the list");
            }
        }
    }
}
