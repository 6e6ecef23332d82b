package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private DefaultCamelContext context;
    private Settings settings;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
        settings = Settings.of(context);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private void set(String key, String value) {
        context.getPropertiesComponent().addInitialProperty(key, value);
    }

    @Test
    void requiredValueIsTrimmed() {
        set("settingstest.generator.rate", "  250 ");
        assertThat(settings.optional("settingstest.generator.rate")).contains("250");
    }

    @Test
    void blankCountsAsUnset() {
        set("settingstest.blank", "   ");
        set("settingstest.empty", "");
        assertThat(settings.optional("settingstest.blank")).isEmpty();
        assertThat(settings.optional("settingstest.empty")).isEmpty();
    }

    @Test
    void envNameOfAKey() {
        assertThat(Settings.envName("generator.rate")).isEqualTo("GENERATOR_RATE");
        assertThat(Settings.envName("opensearch.index.refresh-interval")).isEqualTo("OPENSEARCH_INDEX_REFRESH_INTERVAL");
        assertThat(Settings.envName("kafka.dlq-topic")).isEqualTo("KAFKA_DLQ_TOPIC");
    }

    private static final Setting<Integer> PORT = Setting.of("settingstest.port", ValueTypes.intRange(1, 65535), "a port");
    private static final Setting<Long> SEED = Setting.optional("settingstest.seed", ValueTypes.longRange(0, 100), "a seed");

    @Test
    void getReadsThroughTheDeclaration() {
        set("settingstest.port", " 8080 ");
        assertThat(settings.get(PORT)).isEqualTo(8080);
        set("settingstest.port", "0");
        assertThatThrownBy(() -> settings.get(PORT)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property settingstest.port = 0 is out of range: set it to a number between 1 and 65535 (-Dsettingstest.port=...)");
    }

    @Test
    void aRequiredSettingThatIsUnsetOrBlankNamesTheKeyAndTheEnvironmentVariable() {
        assertThatThrownBy(() -> settings.get(PORT)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property settingstest.port is not set: set it in application.properties, with -Dsettingstest.port=... "
                        + "or the environment variable SETTINGSTEST_PORT");
        set("settingstest.port", "  ");
        assertThatThrownBy(() -> settings.get(PORT)).isInstanceOf(ConfigurationException.class).hasMessageContaining("is not set");
    }

    @Test
    void anOptionalSettingIsEmptyWhenUnsetOrBlankAndCheckedWhenSet() {
        assertThat(settings.optional(SEED)).isEmpty();
        set("settingstest.seed", "");
        assertThat(settings.optional(SEED)).isEmpty();
        set("settingstest.seed", "7");
        assertThat(settings.optional(SEED)).contains(7L);
        set("settingstest.seed", "seven");
        assertThatThrownBy(() -> settings.optional(SEED)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property settingstest.seed = 'seven' is not a whole number");
    }

    @Test
    void requireValidChecksEverySettingGiven() {
        set("settingstest.port", "80");
        settings.requireValid(java.util.List.of(PORT, SEED));
        set("settingstest.seed", "101");
        assertThatThrownBy(() -> settings.requireValid(java.util.List.of(PORT, SEED)))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Property settingstest.seed = 101 is out of range");
    }

    @Test
    void theApplicationPropertiesHoldAValidValueOfEveryRequiredSetting() {
        Settings defaults = Settings.ofApplicationProperties();
        defaults.requireValid(SettingsCatalog.ALL);
        assertThat(defaults.get(SettingsCatalog.Kafka.TOPIC)).isEqualTo("clickstream");
        assertThat(defaults.optional(SettingsCatalog.Kafka.BROKERS)).isEmpty();
    }

    @Test
    void aSettingKeyIsAnAppKeyNotCamels() {
        assertThatThrownBy(() -> Setting.of("camel.main.name", ValueTypes.text(), "Camel's"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Setting.of("Kafka Topic", ValueTypes.text(), "not a key"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PORT.envName()).isEqualTo("SETTINGSTEST_PORT");
    }
}
