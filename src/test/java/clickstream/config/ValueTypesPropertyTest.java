package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Settings come from files, -D and the environment: for any text, every declared setting's type gives a value or a
 * one-line {@link ConfigurationException} naming the key, and nothing else (no NumberFormatException, no overflow).
 */
class ValueTypesPropertyTest {

    @Property(tries = 3000)
    void anyTextIsAValueOrAOneLineConfigurationError(@ForAll("settings") Setting<?> setting, @ForAll("texts") String raw) {
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            return; // blank = not set: Settings' business, not the type's
        }
        try {
            assertThat((Object) setting.type().parse(setting.key(), trimmed)).isNotNull();
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).contains(setting.key()).doesNotContain("\n").doesNotContain("\r");
        }
    }

    @Property(tries = 1000)
    void throughSettingsBlankIsUnsetAndTheRestAsTheTypeSays(@ForAll("settings") Setting<?> setting, @ForAll("texts") String raw) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty(setting.key(), raw);
        Settings settings = Settings.of(properties);
        try {
            assertThat(settings.optional(setting).isEmpty()).isEqualTo(raw.isBlank());
        } catch (ConfigurationException e) {
            assertThat(raw).isNotBlank();
            assertThat(e.getMessage()).contains(setting.key()).doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<Setting<?>> settings() {
        return Arbitraries.of(SettingsCatalog.ALL);
    }

    /** Anything, and text near the accepted forms: numbers, durations, words of the choices, lists. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf), Arbitraries.strings().withChars("0123456789.-+eE").ofMaxLength(25));
        Arbitrary<String> durations = Arbitraries.strings().withChars("0123456789dhmsDHMS ").ofMaxLength(20);
        Arbitrary<String> words = Arbitraries.of("true", "FALSE", "forever", "ssl", "SASL_SSL", "late,malformed", "lz4",
                "earliest", "request", "-1", "1s", "30d", ",", "a,,b");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), numbers, durations, words);
    }
}
