package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import clickstream.config.ConfigurationException;
import clickstream.config.PropertiesFiles;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;

/** The generator's settings as read from the properties: ranges are the declarations', plus one check across two. */
class GeneratorSettingsTest {

    /** application.properties with these on top. */
    private static GeneratorSettings read(Map<String, String> overrides) {
        Properties properties = PropertiesFiles.load(PropertiesFiles.APPLICATION);
        properties.putAll(overrides);
        return GeneratorSettings.from(Settings.of(properties));
    }

    @Test
    void defaultsAreThoseOfApplicationPropertiesWithAFixedSeed() {
        GeneratorSettings d = GeneratorSettings.defaults();
        assertThat(d.usersPoolSize()).isEqualTo(1000);
        assertThat(d.articlesPerCategory()).isEqualTo(200);
        assertThat(d.seed()).isEqualTo(GeneratorSettings.DEFAULT_SEED);
        assertThat(d.maxActiveSessions()).isEqualTo(200);
        assertThat(d.zipfExponent()).isEqualTo(1.1);
        assertThat(GeneratorSettings.of(1000, 200, 42, 200)).isEqualTo(d);
        assertThat(d.withSeed(7).seed()).isEqualTo(7L);
        assertThat(d.withSeed(7).withSeed(42)).isEqualTo(d);
    }

    @Test
    void anUnsetSeedIsDrawnPerReadAndASetOneKept() {
        long first = read(Map.of()).seed();
        long second = read(Map.of(Generator.SEED.key(), "  ")).seed();
        assertThat(first).isNotEqualTo(second).isNotEqualTo(GeneratorSettings.DEFAULT_SEED);
        assertThat(first).isNotNegative();
        assertThat(read(Map.of(Generator.SEED.key(), "7")).seed()).isEqualTo(7L);
        assertThat(read(Map.of(Generator.SEED.key(), "-9223372036854775808")).seed()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> read(Map.of(Generator.SEED.key(), "forty-two")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Property generator.seed = 'forty-two'");
    }

    @Test
    void acceptsTheBoundaries() {
        GeneratorSettings least = read(Map.of("generator.users", "1", "generator.articles-per-category", "1",
                "generator.max-active-sessions", "1", "generator.mean-session-events", "1",
                "generator.logout-probability", "0", "generator.zipf-exponent", "0"));
        assertThat(least.usersPoolSize()).isEqualTo(1);
        GeneratorSettings most = read(Map.of("generator.users", "1000000", "generator.articles-per-category", "100000",
                "generator.max-active-sessions", "1000000", "generator.mean-session-events", "10000",
                "generator.logout-probability", "1", "generator.zipf-exponent", "10"));
        assertThat(most.maxActiveSessions()).isEqualTo(1_000_000);
    }

    @Test
    void rejectsEachSettingOutOfRangeNamingTheKey() {
        Map<String, String> wrong = Map.of("generator.users", "1000001", "generator.articles-per-category", "0",
                "generator.max-active-sessions", "0", "generator.mean-session-events", "10001",
                "generator.logout-probability", "1.5", "generator.zipf-exponent", "-0.1");
        wrong.forEach((key, value) -> assertThatThrownBy(() -> read(Map.of(key, value))).as(key)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property " + key + " = " + value + " is out of range"));
        assertThatThrownBy(() -> read(Map.of("generator.logout-probability", "NaN")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Property generator.logout-probability");
    }

    @Test
    void rejectsMoreActiveSessionsThanUsersNamingBothKeys() {
        assertThatThrownBy(() -> read(Map.of("generator.users", "100", "generator.max-active-sessions", "200")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Property generator.max-active-sessions = 200 is more than generator.users = 100: a user has at "
                        + "most one open session, so set it to 100 or less, or raise generator.users");
        assertThatThrownBy(() -> GeneratorSettings.of(100, 200, 42, 200)).isInstanceOf(ConfigurationException.class);
    }
}
