package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.junit.jupiter.api.Test;

class BatchOffsetCommitterTest {

    private final IndexingFixtures fixtures = new IndexingFixtures();
    private final BatchOffsetCommitter committer = new BatchOffsetCommitter();
    /** Every commit() call, in order, as "topic-partition@offset". */
    private final List<String> commits = new ArrayList<>();

    /** Stands in for camel-kafka's commit handle of one record. */
    private final class RecordingCommit implements KafkaManualCommit {
        private final String name;

        RecordingCommit(String topic, int partition, long offset) {
            this.name = topic + "-" + partition + "@" + offset;
        }

        @Override
        public void commit() {
            commits.add(name);
        }
    }

    private Exchange record(String topic, int partition, long offset) {
        Exchange record = fixtures.record(new byte[0], partition, offset);
        record.getMessage().setHeader(KafkaConstants.TOPIC, topic);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new RecordingCommit(topic, partition, offset));
        return record;
    }

    private Exchange batchExchange(List<Exchange> records) {
        Exchange exchange = fixtures.batch(records);
        exchange.setProperty(IndexBatch.PROPERTY, new IndexBatch(records));
        return exchange;
    }

    /** Three partitions, interleaved as a poll returns them: highest offsets p0@11, p1@121, p2@0. */
    private List<Exchange> records() {
        List<Exchange> records = new ArrayList<>();
        records.add(record("clickstream", 0, 7));
        records.add(record("clickstream", 1, 120));
        records.add(record("clickstream", 0, 8));
        records.add(record("clickstream", 2, 0));
        records.add(record("clickstream", 0, 9));
        records.add(record("clickstream", 1, 121));
        records.add(record("clickstream", 0, 10));
        records.add(record("clickstream", 0, 11));
        return records;
    }

    @Test
    void commitsOncePerPartitionOnItsHighestOffset() {
        committer.commit(batchExchange(records()));

        assertThat(commits).containsExactlyInAnyOrder("clickstream-0@11", "clickstream-1@121", "clickstream-2@0");
    }

    @Test
    void orderOfTheRecordsDoesNotMatter() {
        for (long seed = 0; seed < 20; seed++) {
            commits.clear();
            List<Exchange> shuffled = records();
            Collections.shuffle(shuffled, new Random(seed));

            committer.commit(batchExchange(shuffled));

            assertThat(commits).as("seed %d", seed)
                    .containsExactlyInAnyOrder("clickstream-0@11", "clickstream-1@121", "clickstream-2@0");
        }
    }

    @Test
    void descendingOffsetsCommitTheFirstRecord() {
        List<Exchange> records = new ArrayList<>(records());
        Collections.reverse(records);

        committer.commit(batchExchange(records));

        assertThat(commits).containsExactlyInAnyOrder("clickstream-0@11", "clickstream-1@121", "clickstream-2@0");
    }

    @Test
    void sameNumberedPartitionsOfDifferentTopicsAreCommittedApart() {
        List<Exchange> records = List.of(record("a", 0, 5), record("b", 0, 3), record("a", 0, 4));

        committer.commit(batchExchange(records));

        assertThat(commits).containsExactlyInAnyOrder("a-0@5", "b-0@3");
    }

    @Test
    void offsetsAboveIntRangeCompareAsLongs() {
        List<Exchange> records = List.of(record("clickstream", 0, 3_000_000_000L), record("clickstream", 0, 2_999_999_999L));

        committer.commit(batchExchange(records));

        assertThat(commits).containsExactly("clickstream-0@3000000000");
    }

    @Test
    void rejectedRecordsAreCommittedToo() {
        // what is dead-lettered is done as well: the committer looks at all records, not only the indexed ones
        List<Exchange> records = records();
        Exchange exchange = batchExchange(records);
        IndexBatch batch = IndexBatch.of(exchange);
        batch.reject(records.get(7), RejectReason.MALFORMED_JSON, "x", "bad");

        committer.commit(exchange);

        assertThat(commits).contains("clickstream-0@11");
    }

    @Test
    void emptyBatchCommitsNothing() {
        committer.commit(batchExchange(List.of()));
        assertThat(commits).isEmpty();
    }

    @Test
    void missingCommitHandleIsAConfigurationProblem() {
        List<Exchange> records = records();
        Exchange p0last = records.get(7);
        assertThat(p0last.getMessage().getHeader(KafkaConstants.OFFSET)).isEqualTo(11L);
        p0last.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT);

        assertThatThrownBy(() -> committer.commit(batchExchange(records)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowManualCommit");
    }

    @Test
    void onlyTheCommittedRecordNeedsTheHandle() {
        List<Exchange> records = records();
        records.get(0).getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT); // p0@7, not the highest

        committer.commit(batchExchange(records));

        assertThat(commits).containsExactlyInAnyOrder("clickstream-0@11", "clickstream-1@121", "clickstream-2@0");
    }

    @Test
    void withoutTheBatchPropertyItFails() {
        Exchange exchange = fixtures.batch(records());
        assertThatThrownBy(() -> committer.commit(exchange)).isInstanceOf(IllegalStateException.class);
        assertThat(commits).isEmpty();
    }
}
