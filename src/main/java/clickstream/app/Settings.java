package clickstream.app;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of the shared properties (application.properties, -D system properties, environment variables),
 * failing with a {@link ConfigurationException} that names the key and the fix.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** The value, or empty when the key is absent or blank (a blank value means "not configured"). */
    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigurationException(
                "Property " + key + " is not set: set it in application.properties, with -D" + key + "=... or the environment variable "
                        + envName(key)));
    }

    public String text(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int intValue(String key, int min, int max) {
        long value = longValue(key, min, max);
        return (int) value;
    }

    public long longValue(String key, long min, long max) {
        String raw = required(key);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Property " + key + " = '" + raw + "' is not a whole number: set it to a number between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        if (value < min || value > max) {
            throw new ConfigurationException("Property " + key + " = " + value + " is out of range: set it to a number between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        return value;
    }

    public double doubleValue(String key, double min, double max) {
        String raw = required(key);
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("Property " + key + " = '" + raw + "' is not a number: set it between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigurationException("Property " + key + " = " + raw + " is out of range: set it between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        return value;
    }

    public boolean bool(String key) {
        String raw = required(key);
        if ("true".equalsIgnoreCase(raw) || "false".equalsIgnoreCase(raw)) {
            return Boolean.parseBoolean(raw);
        }
        throw new ConfigurationException("Property " + key + " = '" + raw + "' must be true or false");
    }

    /** The environment variable Camel reads for a key: upper case, '.' and '-' as '_'. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
