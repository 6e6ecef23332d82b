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

    /** A batch as the commit step finds it when the route did its work: every record indexed. */
    private Exchange batchExchange(List<Exchange> records) {
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        records.forEach(record -> batch.accept(record, event()));
        answered(batch, List.of());
        return exchange;
    }

    /** The batch property over the records, nothing accepted or rejected yet. */
    private Exchange unsettledBatch(List<Exchange> records) {
        Exchange exchange = fixtures.batch(records);
        exchange.setProperty(IndexBatch.PROPERTY, new IndexBatch(records));
        return exchange;
    }

    /** What BulkResultHandler does with a bulk response: all that was sent is answered, {@code retry} stays pending. */
    private static void answered(IndexBatch batch, List<IndexBatch.Pending> retry) {
        batch.sending(batch.pending().size(), 0);
        batch.startAttempt();
        batch.indexed(batch.pending().size() - retry.size());
        batch.retryOnly(retry);
    }

    private static ValidEvent event() {
        return new ValidEvent("0f8fad5b-d9cb-469f-a165-70867728950e", "2026-11-26", new byte[0]);
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
    void refusesWhileRecordsAreStillPending() {
        // accepted for indexing, never answered by OpenSearch: e.g. a route edit that catches the bulk step's failure
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        records.forEach(record -> IndexBatch.of(exchange).accept(record, event()));

        assertThatThrownBy(() -> committer.commit(exchange))
                .isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("8 of 8 records are still pending");
        assertThat(commits).isEmpty();
    }

    @Test
    void refusesWhileOneThrottledDocumentIsStillPending() {
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        records.forEach(record -> batch.accept(record, event()));
        answered(batch, List.of(batch.pending().get(3)));

        assertThatThrownBy(() -> committer.commit(exchange))
                .isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("1 of 8 records are still pending");
        assertThat(commits).isEmpty();
    }

    @Test
    void refusesWhileRejectionsAreNotAcknowledgedByTheDeadLetterTopic() {
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        Exchange p2 = records.get(3); // the only record of partition 2
        records.stream().filter(record -> record != p2).forEach(record -> batch.accept(record, event()));
        batch.reject(p2, RejectReason.MALFORMED_JSON, "x", "bad");
        answered(batch, List.of());

        assertThatThrownBy(() -> committer.commit(exchange))
                .isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("1 of 1 refused records are not acknowledged");
        assertThat(commits).isEmpty();
    }

    @Test
    void aRejectionAddedAfterThePublishStopsTheCommit() {
        // the dead-letter step ran before the bulk step (a reordered route): a later refusal was never published
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        records.forEach(record -> batch.accept(record, event()));
        batch.deadLettersAcknowledged(0);
        batch.reject(records.get(5), RejectReason.MAPPING_REJECTED, "opensearch.mapper_parsing_exception", "refused");
        answered(batch, List.of());

        assertThatThrownBy(() -> committer.commit(exchange))
                .isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("not acknowledged");
        assertThat(commits).isEmpty();
    }

    @Test
    void refusesARecordNeitherIndexedNorDeadLettered() {
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        records.subList(1, records.size()).forEach(record -> batch.accept(record, event()));
        answered(batch, List.of());

        assertThatThrownBy(() -> committer.commit(exchange))
                .isInstanceOf(BatchOffsetCommitter.UnsettledBatchException.class)
                .hasMessageContaining("1 of 8 records are neither indexed nor dead-lettered");
        assertThat(commits).isEmpty();
    }

    @Test
    void acknowledgedRejectionsAreCommittedWithTheIndexedRecords() {
        List<Exchange> records = records();
        Exchange exchange = unsettledBatch(records);
        IndexBatch batch = IndexBatch.of(exchange);
        Exchange p2 = records.get(3);
        Exchange p0last = records.get(7);
        records.stream().filter(record -> record != p2 && record != p0last).forEach(record -> batch.accept(record, event()));
        batch.reject(p2, RejectReason.MALFORMED_JSON, "x", "bad");
        batch.reject(p0last, RejectReason.TOO_LARGE, "x", "big");
        answered(batch, List.of());
        batch.deadLettersAcknowledged(2);

        committer.commit(exchange);

        // partition 2 and p0@11 hold only dead letters: committed as settled all the same
        assertThat(commits).containsExactlyInAnyOrder("clickstream-0@11", "clickstream-1@121", "clickstream-2@0");
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
