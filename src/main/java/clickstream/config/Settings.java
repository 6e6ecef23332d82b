package clickstream.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

/**
 * Typed reads of the shared properties (application.properties, -D system properties, environment variables),
 * failing with a {@link ConfigurationException} that names the key and the fix.
 */
public final class Settings {

    private static final Pattern TIME_PATTERN = Pattern.compile("\\d{1,18}|(?=\\d)(\\d{1,9}d)?(\\d{1,9}h)?(\\d{1,9}m)?(\\d{1,9}s)?(\\d{1,9}ms)?");

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
            throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a whole number: set it to a number between "
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
            throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a number: set it between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigurationException("Property " + key + " = " + raw + " is out of range: set it between "
                    + min + " and " + max + " (-D" + key + "=...)");
        }
        return value;
    }

    /**
     * A duration in Camel's time pattern, as the timers' periods are written: {@code 30d}, {@code 1h30m}, {@code 10s},
     * {@code 500ms}, or a plain number of milliseconds. Camel's own reader turns a typo into 0 and reads {@code 1h1h}
     * as 1h; this one refuses both (units once each, largest first).
     */
    public Duration duration(String key, Duration min, Duration max) {
        String raw = required(key);
        String fix = ": set it between " + shortText(min) + " and " + shortText(max) + " as e.g. 30d, 1h30m, 90s or 500ms (-D"
                + key + "=...)";
        if (!TIME_PATTERN.matcher(raw).matches()) {
            throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a duration" + fix);
        }
        Duration value = TimeUtils.toDuration(raw); // at most 9 digits a unit: no overflow
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException("Property " + key + " = " + raw + " is out of range" + fix);
        }
        return value;
    }

    /** A duration as the settings write it, in its largest whole unit: 30d, 90s. */
    private static String shortText(Duration d) {
        long millis = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    public boolean bool(String key) {
        String raw = required(key);
        if ("true".equalsIgnoreCase(raw) || "false".equalsIgnoreCase(raw)) {
            return Boolean.parseBoolean(raw);
        }
        throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' must be true or false");
    }

    /** The environment variable Camel reads for a key: upper case, '.' and '-' as '_'. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A value as an error message shows it: on one line, control characters escaped (a value may come from anywhere). */
    static String shown(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
