package clickstream.config;

/**
 * One setting, declared once: its key, its {@link ValueType} (which parses and checks it), whether it may be left
 * unset, and a one-line doc. The default is not here: it lives in application.properties only. Every setting is
 * in {@link SettingsCatalog}, from which docs/configuration.md is generated (ConfigurationDocTest) and against which
 * application.properties and the Camel K ConfigMap are checked (SettingsCatalogTest, DeploySettingsTest).
 *
 * @param optional true when unset (absent or blank) is a valid state with a meaning of its own, said in the doc
 *                 (kafka.brokers unset = the embedded broker); read such a setting with {@link Settings#optional(Setting)}
 */
public record Setting<T>(String key, ValueType<T> type, boolean optional, String doc) {

    public Setting {
        if (!key.matches("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+") || key.startsWith("camel.")) {
            throw new IllegalArgumentException("not an app setting key: " + key);
        }
    }

    /** A setting that must have a value. */
    public static <T> Setting<T> of(String key, ValueType<T> type, String doc) {
        return new Setting<>(key, type, false, doc);
    }

    /** A setting that may be unset (absent or blank), the doc saying what that means. */
    public static <T> Setting<T> optional(String key, ValueType<T> type, String doc) {
        return new Setting<>(key, type, true, doc);
    }

    /** The environment variable Camel reads for the key: upper case, '.' and '-' as '_'. */
    public String envName() {
        return Settings.envName(key);
    }

    @Override
    public String toString() {
        return key;
    }
}
