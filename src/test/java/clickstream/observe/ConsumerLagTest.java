package clickstream.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void sumsEndMinusCommittedAndCountsNeverCommittedPartitionsFromTheirStart() {
        long lag = ConsumerLag.lag(Map.of(P0, 100L, P1, 50L, P2, 30L), Map.of(P0, 90L, P1, 50L), Map.of(P2, 10L));
        assertThat(lag).isEqualTo(10 + 0 + 20);
    }

    @Test
    void neverNegative() {
        assertThat(ConsumerLag.lag(Map.of(P0, 5L), Map.of(P0, 7L), Map.of())).isZero();
    }

    @Test
    void unknownUntilComputedAndAFailureIsRememberedNotThrown() {
        Properties admin = new Properties();
        admin.put("bootstrap.servers", "127.0.0.1:1"); // nothing listens there
        ConsumerLag lag = new ConsumerLag(admin, "g", "t", Clock.systemUTC());
        try {
            assertThat(lag.latest().lag()).isNull();
            assertThat(lag.value()).isNaN();
            lag.refresh();
            assertThat(lag.latest().lag()).isNull();
            assertThat(lag.latest().error()).isNotBlank();
        } finally {
            lag.stop();
        }
    }
}
