package clickstream.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeletedUnreadTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);
    private static final TopicPartition P10 = new TopicPartition("t", 10);

    @Test
    void onlyAPartitionWhoseLogStartPassedTheCommittedOffsetIsALoss() {
        var found = DeletedUnread.find(
                Map.of(P0, 100L, P1, 40L, P10, 5L), // committed; P2 never committed: not judged
                Map.of(P0, 100L, P1, 55L, P2, 900L, P10, 6L));
        assertThat(found).containsExactly(new DeletedUnread(P1, 40, 55), new DeletedUnread(P10, 5, 6));
        assertThat(found.get(0).count()).isEqualTo(15);
        assertThat(found.get(0).describe()).isEqualTo("t-1: offsets 40..54 (15 records) deleted before the group committed them");
    }

    @Test
    void aCommittedOffsetAtOrPastTheLogStartIsFine() {
        assertThat(DeletedUnread.find(Map.of(P0, 10L, P1, 11L), Map.of(P0, 10L, P1, 10L))).isEmpty();
    }
}
