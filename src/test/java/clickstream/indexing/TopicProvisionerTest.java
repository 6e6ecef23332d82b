package clickstream.indexing;

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

import clickstream.app.ConfigurationException;
import clickstream.app.Settings;

class TopicProvisionerTest {

    private static final Map<String, Long> UNITS = Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L,
            "d", 86_400_000L);

    @Example
    void theDefaultIsThirtyDaysAndForeverIsMinusOne() {
        assertThat(TopicProvisioner.retentionMs("30d")).isEqualTo(2_592_000_000L);
        assertThat(TopicProvisioner.retentionMs(" 720h ")).isEqualTo(2_592_000_000L);
        assertThat(TopicProvisioner.retentionMs("forever")).isEqualTo(-1);
        assertThat(TopicProvisioner.retentionMs("FOREVER")).isEqualTo(-1);
    }

    @Property
    void aWholeNumberWithAUnitIsThatManyMilliseconds(@ForAll @LongRange(min = 1, max = 100_000_000) long amount,
            @ForAll("units") String unit) {
        assertThat(TopicProvisioner.retentionMs(amount + unit)).isEqualTo(amount * UNITS.get(unit));
        assertThat(TopicProvisioner.retentionMs(amount + " " + unit)).isEqualTo(amount * UNITS.get(unit));
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of(UNITS.keySet());
    }

    @Property
    void anythingElseIsRefusedNamingTheKey(@ForAll String value) {
        boolean wellFormed = value.trim().matches("[0-9]{1,15}\\s*(ms|s|m|h|d)") || value.trim().equalsIgnoreCase("forever");
        if (wellFormed) {
            return; // the property above covers those
        }
        assertThatThrownBy(() -> TopicProvisioner.retentionMs(value)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property kafka.dlq-retention = '" + value + "' is not a retention");
    }

    @Example
    void zeroNegativeUnitlessOverflowingAndLooseValuesAreRefused() {
        for (String value : new String[] {"0d", "-1", "-5d", "30", "30 days", "1.5h", "d", "", "9223372036854775807ms",
                "999999999999999d", "30d30", "1h30m", "\u0663\u0660d"}) {
            assertThatThrownBy(() -> TopicProvisioner.retentionMs(value)).as(value)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(TopicProvisioner.DLQ_RETENTION_KEY);
        }
    }

    @Example
    void aWrongSettingStopsStartUpBeforeKafkaIsAsked() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("kafka.brokers", "127.0.0.1:1"); // nothing listens there
            context.getPropertiesComponent().addInitialProperty("kafka.topic", "t");
            context.getPropertiesComponent().addInitialProperty("kafka.dlq-topic", "t.dlq");
            context.getPropertiesComponent().addInitialProperty(TopicProvisioner.PARTITIONS_KEY, "6");
            context.getPropertiesComponent().addInitialProperty(TopicProvisioner.REPLICATION_FACTOR_KEY, "1");
            context.getPropertiesComponent().addInitialProperty(TopicProvisioner.DLQ_RETENTION_KEY, "30 days");
            TopicProvisioner provisioner = new TopicProvisioner(Settings.of(context));
            assertThatThrownBy(provisioner::ensureTopics).isInstanceOf(ConfigurationException.class)
                    .hasMessage("Property kafka.dlq-retention = '30 days' is not a retention: set it to a positive whole "
                            + "number with a unit (ms, s, m, h, d), e.g. 30d, or forever (-Dkafka.dlq-retention=30d)");

            context.getPropertiesComponent().addInitialProperty(TopicProvisioner.DLQ_RETENTION_KEY, "30d");
            context.getPropertiesComponent().addInitialProperty(TopicProvisioner.REPLICATION_FACTOR_KEY, "0");
            assertThatThrownBy(provisioner::ensureTopics).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Property kafka.topic.replication-factor = 0 is out of range");
        }
    }
}
