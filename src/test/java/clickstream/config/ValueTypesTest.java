package clickstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Each kind of value: what it accepts, what it refuses and how the one-line error reads. */
class ValueTypesTest {

    private static final String KEY = "some.key";

    @Test
    void text() {
        assertThat(ValueTypes.text().parse(KEY, "clickstream")).isEqualTo("clickstream");
        assertThat(ValueTypes.text().description()).isEqualTo("text");
    }

    @Test
    void matching() {
        ValueType<String> time = ValueTypes.matching("-1|\\d+(ms|s)", "a time such as 1s");
        assertThat(time.parse(KEY, "500ms")).isEqualTo("500ms");
        assertThat(time.parse(KEY, "-1")).isEqualTo("-1");
        assertThatThrownBy(() -> time.parse(KEY, "1 s")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = '1 s' is not valid: use a time such as 1s (-Dsome.key=...)");
        assertThat(time.description()).isEqualTo("a time such as 1s");
    }

    @Test
    void intRange() {
        ValueType<Integer> port = ValueTypes.intRange(1, 65535);
        assertThat(port.parse(KEY, "1")).isEqualTo(1);
        assertThat(port.parse(KEY, "65535")).isEqualTo(65535);
        assertThatThrownBy(() -> port.parse(KEY, "ninety")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = 'ninety' is not a whole number: set it to a number between 1 and 65535 (-Dsome.key=...)");
        assertThatThrownBy(() -> port.parse(KEY, "65536")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = 65536 is out of range: set it to a number between 1 and 65535 (-Dsome.key=...)");
        assertThatThrownBy(() -> port.parse(KEY, "1.5")).isInstanceOf(ConfigurationException.class).hasMessageContaining("whole number");
        // beyond int: never silently wrapped
        assertThatThrownBy(() -> ValueTypes.intRange(1, Integer.MAX_VALUE).parse(KEY, "99999999999"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("out of range");
        assertThat(port.description()).isEqualTo("integer 1 to 65535");
        assertThat(ValueTypes.intRange(1, Integer.MAX_VALUE).description()).isEqualTo("integer ≥ 1");
    }

    @Test
    void longRange() {
        ValueType<Long> any = ValueTypes.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(any.parse(KEY, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> any.parse(KEY, "9223372036854775808")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property some.key = '9223372036854775808' is not a whole number");
        assertThat(any.description()).isEqualTo("integer (64 bits)");
        assertThat(ValueTypes.longRange(0, 10).parse(KEY, "0")).isZero();
    }

    @Test
    void doubleRange() {
        ValueType<Double> fraction = ValueTypes.doubleRange(0, 1);
        assertThat(fraction.parse(KEY, "0.5")).isEqualTo(0.5);
        assertThat(fraction.parse(KEY, ".25")).isEqualTo(0.25);
        assertThat(ValueTypes.doubleRange(0, 10_000).parse(KEY, "1e3")).isEqualTo(1000.0);
        for (String bad : new String[] {"often", "NaN", "Infinity", "1d", "0x1p-1", "1,5"}) {
            assertThatThrownBy(() -> fraction.parse(KEY, bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Property some.key = '" + bad + "' is not a number: set it between 0 and 1 (-Dsome.key=...)");
        }
        assertThatThrownBy(() -> fraction.parse(KEY, "1.01")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = 1.01 is out of range: set it between 0 and 1 (-Dsome.key=...)");
        assertThat(ValueTypes.doubleRange(0.001, 10_000_000).description()).isEqualTo("number 0.001 to 10000000");
    }

    @Test
    void bool() {
        assertThat(ValueTypes.bool().parse(KEY, "true")).isTrue();
        assertThat(ValueTypes.bool().parse(KEY, "FALSE")).isFalse();
        assertThatThrownBy(() -> ValueTypes.bool().parse(KEY, "yes")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = 'yes' must be true or false");
    }

    @Test
    void durationInCamelsTimePattern() {
        Duration century = Duration.ofDays(36_500);
        ValueType<Duration> duration = ValueTypes.duration(Duration.ZERO, century);
        for (String[] ok : new String[][] {{"30d", "PT720H"}, {"1h", "PT1H"}, {"1h30m", "PT1H30M"}, {"90s", "PT1M30S"},
                {"500ms", "PT0.5S"}, {"2000", "PT2S"}, {"1d2h3m4s5ms", "PT26H3M4.005S"}}) {
            assertThat(duration.parse(KEY, ok[0])).as(ok[0]).isEqualTo(Duration.parse(ok[1]));
        }
        // Camel's reader gives 0 for the first three, 1h for 1h1h and a wrapped-around value for the last
        for (String bad : new String[] {"abc", "P30D", "30D", "1h1h", "1s1h", "-1h", "1.5h", "30 d", "9999999999d"}) {
            assertThatThrownBy(() -> duration.parse(KEY, bad)).as(bad).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Property some.key = '" + bad + "' is not a duration: set it between 0ms and 36500d as e.g. "
                            + "30d, 1h30m, 90s or 500ms (-Dsome.key=...)");
        }
        assertThatThrownBy(() -> ValueTypes.duration(Duration.ofDays(1), century).parse(KEY, "36501d"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property some.key = 36501d is out of range: set it between 1d and 36500d");
        assertThatThrownBy(() -> ValueTypes.duration(Duration.ofMinutes(1), century).parse(KEY, "59s"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("between 1m and 36500d");
        assertThat(ValueTypes.duration(Duration.ofMinutes(1), century).description()).isEqualTo("duration 1m to 36500d");
    }

    @Test
    void durationOrForever() {
        ValueType<Optional<Duration>> retention = ValueTypes.durationOrForever(Duration.ofHours(1), Duration.ofDays(36_500));
        assertThat(retention.parse(KEY, "FOREVER")).isEmpty();
        assertThat(retention.parse(KEY, "30d")).contains(Duration.ofDays(30));
        assertThatThrownBy(() -> retention.parse(KEY, "30 days")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = '30 days' is not a duration: set it between 1h and 36500d as e.g. 30d, "
                        + "1h30m, 90s or 500ms (-Dsome.key=...), or to forever");
        assertThat(retention.description()).isEqualTo("`forever` or duration 1h to 36500d");
    }

    @Test
    void choiceInAnyCaseGivesTheDeclaredWord() {
        ValueType<String> protocol = ValueTypes.choice("PLAINTEXT", "SSL (client certificate)", "SASL_SSL");
        assertThat(protocol.parse(KEY, "ssl")).isEqualTo("SSL");
        assertThat(protocol.parse(KEY, "SASL_SSL")).isEqualTo("SASL_SSL");
        assertThatThrownBy(() -> protocol.parse(KEY, "TLS")).isInstanceOf(ConfigurationException.class)
                .hasMessage("some.key = 'TLS' is not supported: use PLAINTEXT, SSL (client certificate) or SASL_SSL");
        assertThat(protocol.description()).isEqualTo("`PLAINTEXT`, `SSL` (client certificate) or `SASL_SSL`");
    }

    @Test
    void listOfItemsEachOnceInTheOrderWritten() {
        ValueType<List<String>> kinds = ValueTypes.list(ValueTypes.choice("malformed", "late", "duplicate"));
        assertThat(kinds.parse(KEY, "late, MALFORMED,,late")).containsExactly("late", "malformed");
        assertThat(kinds.parse(KEY, ",")).isEmpty();
        assertThatThrownBy(() -> kinds.parse(KEY, "late,typo")).isInstanceOf(ConfigurationException.class)
                .hasMessage("some.key = 'typo' is not supported: use malformed, late or duplicate");
        assertThat(kinds.description()).isEqualTo("comma-separated list of `malformed`, `late` or `duplicate`");
    }

    @Test
    void aValueIsShownOnOneLine() {
        assertThatThrownBy(() -> ValueTypes.bool().parse(KEY, "tr\nue\u0000")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Property some.key = 'tr\\u000aue\\u0000' must be true or false");
    }
}
