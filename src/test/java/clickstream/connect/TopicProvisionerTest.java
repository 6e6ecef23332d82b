package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;

class TopicProvisionerTest {

    private static final Map<String, Long> UNITS = Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L,
            "d", 86_400_000L);

    /** kafka.dlq-retention read as the app reads it: through {@link Settings}, so one duration parser. */
    private static long retentionMs(String value) {
        DefaultCamelContext context = new DefaultCamelContext(); // never started: only its properties are read
        context.getPropertiesComponent().addInitialProperty("kafka.dlq-retention", value);
        return TopicProvisioner.retentionMs(Settings.of(context));
    }

    @Example
    void theDefaultIsThirtyDaysAndForeverIsMinusOne() {
        assertThat(retentionMs("30d")).isEqualTo(2_592_000_000L);
        assertThat(retentionMs(" 720h ")).isEqualTo(2_592_000_000L);
        assertThat(retentionMs("forever")).isEqualTo(-1);
        assertThat(retentionMs("FOREVER")).isEqualTo(-1);
    }

    @Example
    void compoundDurationsReadAsEveryOtherDurationSetting() {
        // the old one-unit parser refused 1h30m while the timers' settings accept it: one parser now (Settings.duration)
        assertThat(retentionMs("1h30m")).isEqualTo(5_400_000L);
        assertThat(retentionMs("29d23h")).isEqualTo(29 * 86_400_000L + 23 * 3_600_000L);
    }

    @Property
    void aWholeNumberWithAUnitWithinTheRangeIsThatManyMilliseconds(
            @ForAll @LongRange(min = 1, max = 999_999_999) long amount, @ForAll("units") String unit) {
        long millis = amount * UNITS.get(unit);
        if (millis < 3_600_000L || millis > 36_500L * 86_400_000L) {
            assertThatThrownBy(() -> retentionMs(amount + unit)).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Property kafka.dlq-retention = " + amount + unit + " is out of range");
        } else {
            assertThat(retentionMs(amount + unit)).isEqualTo(millis);
        }
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of(UNITS.keySet());
    }

    @Property
    void anythingElseIsRefusedInOneLineNamingTheKey(@ForAll String value) {
        String trimmed = value.trim();
        if (value.contains("{{")) {
            return; // a Camel property placeholder, resolved before any parser sees it
        }
        boolean wellFormed = trimmed.matches("[0-9]{1,18}|([0-9]{1,9}d)?([0-9]{1,9}h)?([0-9]{1,9}m)?([0-9]{1,9}s)?([0-9]{1,9}ms)?")
                || trimmed.equalsIgnoreCase("forever") || trimmed.isEmpty();
        if (wellFormed) {
            return; // the properties above cover those; a blank value is "not set" (Settings.required)
        }
        // one line naming the key; a value the properties component reads as empty (e.g. a lone backslash, an escape)
        // is reported as not set
        assertThatThrownBy(() -> retentionMs(value)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property kafka.dlq-retention ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .containsAnyOf("' is not a duration", "is not set"));
    }

    @Example
    void zeroNegativeUnitlessOverflowingAndLooseValuesAreRefused() {
        for (String value : new String[] {"0d", "-1", "-5d", "30", "30 days", "1.5h", "d", "", "9223372036854775807ms",
                "999999999999999d", "30d30", "1m1h", "59m", "36501d", "\u0663\u0660d"}) {
            assertThatThrownBy(() -> retentionMs(value)).as(value)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("kafka.dlq-retention");
        }
    }

    @Example
    void aWrongSettingStopsStartUpBeforeKafkaIsAsked() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("camel.component.kafka.brokers", "127.0.0.1:1"); // nothing listens there
            context.getPropertiesComponent().addInitialProperty("kafka.topic", "t");
            context.getPropertiesComponent().addInitialProperty("kafka.dlq-topic", "t.dlq");
            context.getPropertiesComponent().addInitialProperty("kafka.topic.partitions", "6");
            context.getPropertiesComponent().addInitialProperty("kafka.topic.replication-factor", "1");
            context.getPropertiesComponent().addInitialProperty("kafka.dlq-retention", "30 days");
            TopicProvisioner provisioner = new TopicProvisioner(context);
            assertThatThrownBy(provisioner::ensureTopics).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Property kafka.dlq-retention = '30 days' is not a duration: set it between 1h and 36500d"
                            + " as e.g. 30d, 1h30m, 90s or 500ms (-Dkafka.dlq-retention=...), or to forever");

            context.getPropertiesComponent().addInitialProperty("kafka.dlq-retention", "30d");
            context.getPropertiesComponent().addInitialProperty("kafka.topic.replication-factor", "0");
            assertThatThrownBy(provisioner::ensureTopics).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Property kafka.topic.replication-factor = 0 is out of range");
        }
    }
}
