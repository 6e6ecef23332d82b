package clickstream.app;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import clickstream.generator.GeneratorSettings;

/** generator.seed as application.properties sets it: blank, so every instance draws a seed of its own. */
class GeneratorSeedSettingTest {

    /** The generator's settings as an app with application.properties and these overrides would read them. */
    private static GeneratorSettings read(Map<String, String> overrides) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            overrides.forEach(context.getPropertiesComponent()::addOverrideProperty);
            return PipelineBeans.generatorSettings(Settings.of(context));
        }
    }

    @Test
    void theDefaultIsASeedOfEachInstancesOwn() throws Exception {
        long first = read(Map.of()).seed();
        long second = read(Map.of()).seed();
        long third = read(Map.of(GeneratorSettings.SEED_KEY, "  ")).seed();
        assertThat(first).isNotEqualTo(second).isNotEqualTo(third).isNotEqualTo(GeneratorSettings.DEFAULT_SEED);
        assertThat(second).isNotEqualTo(third);
        assertThat(first).isNotNegative();
    }

    @Test
    void anExplicitSeedIsKept() throws Exception {
        assertThat(read(Map.of(GeneratorSettings.SEED_KEY, "7")).seed()).isEqualTo(7L);
        assertThat(read(Map.of(GeneratorSettings.SEED_KEY, "-9223372036854775808")).seed()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aSeedThatIsNoNumberNamesTheKey() {
        assertThatThrownBy(() -> read(Map.of(GeneratorSettings.SEED_KEY, "forty-two")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(GeneratorSettings.SEED_KEY);
    }
}
