package clickstream.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of the shared properties (application.properties, -D system properties, environment variables) through
 * their declarations ({@link Setting}, all in {@link SettingsCatalog}): {@link #get(Setting)} gives the checked value
 * or fails with a {@link ConfigurationException} that names the key and the fix.
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    public Settings(PropertiesComponent properties) {
        this(properties::resolveProperty);
    }

    private Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    /** Settings over plain properties, with no -D or environment on top (checks of files, tests). */
    public static Settings of(Properties properties) {
        return new Settings(key -> Optional.ofNullable(properties.getProperty(key)));
    }

    /** The defaults, as src/main/resources/application.properties holds them (no -D or environment on top). */
    public static Settings ofApplicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(properties);
    }

    /** The checked value of a setting; fails when it is unset (absent or blank) or wrong. */
    public <T> T get(Setting<T> setting) {
        return optional(setting).orElseThrow(() -> notSet(setting.key()));
    }

    /** The checked value of a setting, or empty when it is unset (absent or blank); fails when it is wrong. */
    public <T> Optional<T> optional(Setting<T> setting) {
        return optional(setting.key()).map(raw -> setting.type().parse(setting.key(), raw));
    }

    /** Checks every one of {@code settings} that must be set or is set, so a wrong one stops start-up in one line. */
    public void requireValid(Collection<Setting<?>> settings) {
        for (Setting<?> setting : settings) {
            if (setting.optional()) {
                optional(setting);
            } else {
                get(setting);
            }
        }
    }

    /**
     * The raw value, or empty when the key is absent or blank (a blank value means "not configured"). For keys that
     * are not the app's own (Camel's {@code camel.*}); the app's are read with {@link #get(Setting)}.
     */
    public Optional<String> optional(String key) {
        return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }


    private static ConfigurationException notSet(String key) {
        return new ConfigurationException("Property " + key + " is not set: set it in application.properties, with -D" + key
                + "=... or the environment variable " + envName(key));
    }

    /** The environment variable Camel reads for a key: upper case, '.' and '-' as '_'. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
