package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

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
        assertThat(settings.required("settingstest.generator.rate")).isEqualTo("250");
        assertThat(settings.optional("settingstest.generator.rate")).contains("250");
    }

    @Test
    void missingRequiredNamesTheKeyAndTheEnvironmentVariable() {
        assertThatThrownBy(() -> settings.required("settingstest.generator.max-rate"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.generator.max-rate")
                .hasMessageContaining("-Dsettingstest.generator.max-rate=")
                .hasMessageContaining("SETTINGSTEST_GENERATOR_MAX_RATE");
    }

    @Test
    void blankCountsAsUnset() {
        set("settingstest.blank", "   ");
        set("settingstest.empty", "");
        assertThat(settings.optional("settingstest.blank")).isEmpty();
        assertThat(settings.optional("settingstest.empty")).isEmpty();
        assertThat(settings.text("settingstest.blank", "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> settings.required("settingstest.blank"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.blank")
                .hasMessageContaining("SETTINGSTEST_BLANK");
        assertThatThrownBy(() -> settings.intValue("settingstest.empty", 0, 10))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.empty");
    }

    @Test
    void textFallsBackOnlyWhenUnset() {
        set("settingstest.name", "clicks");
        assertThat(settings.text("settingstest.name", "fallback")).isEqualTo("clicks");
        assertThat(settings.text("settingstest.absent", "fallback")).isEqualTo("fallback");
    }

    @Test
    void envNameOfAKey() {
        assertThat(Settings.envName("generator.rate")).isEqualTo("GENERATOR_RATE");
        assertThat(Settings.envName("opensearch.index.refresh-interval")).isEqualTo("OPENSEARCH_INDEX_REFRESH_INTERVAL");
        assertThat(Settings.envName("kafka.dlq-topic")).isEqualTo("KAFKA_DLQ_TOPIC");
    }

    @Test
    void intValueWithinRange() {
        set("settingstest.min", "1");
        set("settingstest.max", "65535");
        set("settingstest.negative", "-5");
        assertThat(settings.intValue("settingstest.min", 1, 65535)).isEqualTo(1);
        assertThat(settings.intValue("settingstest.max", 1, 65535)).isEqualTo(65535);
        assertThat(settings.intValue("settingstest.negative", -10, 10)).isEqualTo(-5);
    }

    @Test
    void intValueThatIsNotANumber() {
        set("settingstest.port", "ninety");
        set("settingstest.fraction", "1.5");
        assertThatThrownBy(() -> settings.intValue("settingstest.port", 1, 65535))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.port")
                .hasMessageContaining("'ninety'")
                .hasMessageContaining("whole number")
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> settings.intValue("settingstest.fraction", 1, 10))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.fraction");
    }

    @Test
    void intValueOutOfRange() {
        set("settingstest.high", "65536");
        set("settingstest.low", "0");
        set("settingstest.huge", "99999999999");
        assertThatThrownBy(() -> settings.intValue("settingstest.high", 1, 65535))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.high")
                .hasMessageContaining("65536")
                .hasMessageContaining("out of range")
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> settings.intValue("settingstest.low", 1, 65535))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.low");
        // beyond int: never silently wrapped
        assertThatThrownBy(() -> settings.intValue("settingstest.huge", 1, Integer.MAX_VALUE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.huge");
    }

    @Test
    void longValue() {
        set("settingstest.seed", "-9223372036854775808");
        assertThat(settings.longValue("settingstest.seed", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
        set("settingstest.too-big", "9223372036854775808");
        assertThatThrownBy(() -> settings.longValue("settingstest.too-big", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.too-big");
    }

    @Test
    void doubleValue() {
        set("settingstest.rate", "0.5");
        set("settingstest.exp", "1e3");
        assertThat(settings.doubleValue("settingstest.rate", 0, 1)).isEqualTo(0.5);
        assertThat(settings.doubleValue("settingstest.exp", 0, 10_000)).isEqualTo(1000.0);
    }

    @Test
    void doubleValueThatIsNotANumberOrOutOfRange() {
        set("settingstest.p", "often");
        set("settingstest.q", "1.01");
        set("settingstest.nan", "NaN");
        assertThatThrownBy(() -> settings.doubleValue("settingstest.p", 0, 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.p")
                .hasMessageContaining("'often'")
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> settings.doubleValue("settingstest.q", 0, 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.q")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> settings.doubleValue("settingstest.nan", 0, 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.nan");
    }

    @Test
    void bool() {
        set("settingstest.on", "true");
        set("settingstest.off", "FALSE");
        set("settingstest.padded", " True ");
        set("settingstest.yes", "yes");
        assertThat(settings.bool("settingstest.on")).isTrue();
        assertThat(settings.bool("settingstest.off")).isFalse();
        assertThat(settings.bool("settingstest.padded")).isTrue();
        assertThatThrownBy(() -> settings.bool("settingstest.yes"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.yes")
                .hasMessageContaining("'yes'")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> settings.bool("settingstest.absent"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SETTINGSTEST_ABSENT");
    }

    @Test
    void durationInCamelsTimePattern() {
        Duration day = Duration.ofDays(1);
        Duration century = Duration.ofDays(36_500);
        for (String[] ok : new String[][] {{"30d", "PT720H"}, {"1h", "PT1H"}, {"1h30m", "PT1H30M"}, {"90s", "PT1M30S"},
                {"500ms", "PT0.5S"}, {"2000", "PT2S"}, {" 2d ", "PT48H"}, {"1d2h3m4s5ms", "PT26H3M4.005S"}}) {
            set("settingstest.ok", ok[0]);
            assertThat(settings.duration("settingstest.ok", Duration.ZERO, century)).as(ok[0]).isEqualTo(Duration.parse(ok[1]));
        }
        // Camel's reader gives 0 for the first three, 1h for 1h1h and a wrapped-around value for the last
        for (String bad : new String[] {"abc", "P30D", "30D", "1h1h", "1s1h", "-1h", "1.5h", "30 d", "9999999999d"}) {
            set("settingstest.bad", bad);
            assertThatThrownBy(() -> settings.duration("settingstest.bad", Duration.ZERO, century)).as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("settingstest.bad")
                    .hasMessageContaining("'" + bad + "'")
                    .hasMessageContaining("between 0ms and 36500d")
                    .hasMessageNotContaining("\n");
        }
        set("settingstest.long", "36501d");
        assertThatThrownBy(() -> settings.duration("settingstest.long", day, century))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("settingstest.long = 36501d is out of range")
                .hasMessageContaining("between 1d and 36500d");
        set("settingstest.short", "59s");
        assertThatThrownBy(() -> settings.duration("settingstest.short", Duration.ofMinutes(1), century))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("between 1m and 36500d");
        assertThatThrownBy(() -> settings.duration("settingstest.absent", Duration.ZERO, century))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SETTINGSTEST_ABSENT");
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
