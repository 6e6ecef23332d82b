package clickstream.indexing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a batch once every record in it is indexed or dead-lettered, and checks that first (it does not trust the
 * order of the steps in {@code routes/indexer.camel.yaml}, which is edited and reloaded live): for each partition in the batch, the
 * manual-commit handle of its highest offset (camel-kafka's synchronous commit stores offset + 1). The batch
 * exchange's own commit header belongs to the last record only and would leave the other partitions uncommitted,
 * and camel-kafka 4.17's batching auto-commit commits the consumer position past unprocessed records (CAMEL-23994),
 * hence this explicit step.
 */
public final class BatchOffsetCommitter {

    /** Route step: the last step of the indexer route. Commits nothing unless the whole batch is settled. */
    public void commit(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        checkSettled(batch);
        Map<String, Exchange> lastPerPartition = new LinkedHashMap<>();
        for (Exchange record : batch.records()) {
            Object topic = record.getMessage().getHeader(KafkaConstants.TOPIC);
            Object partition = record.getMessage().getHeader(KafkaConstants.PARTITION);
            Long offset = record.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
            if (offset == null) {
                continue;
            }
            lastPerPartition.merge(topic + "-" + partition, record, (a, b) ->
                    a.getMessage().getHeader(KafkaConstants.OFFSET, Long.class) >= offset ? a : b);
        }
        for (Exchange record : lastPerPartition.values()) {
            KafkaManualCommit commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("record has no " + KafkaConstants.MANUAL_COMMIT
                        + " header: the indexer's kafka endpoint needs allowManualCommit=true");
            }
            commit.commit();
        }
    }

    /**
     * Throws unless every record is accounted for: nothing still pending for OpenSearch, every rejection acknowledged
     * by the dead-letter topic, no record neither indexed nor dead-lettered. A route edit that swallows a bulk
     * failure (doTry/doCatch) or moves the dead-letter step then fails the batch instead of committing past it.
     */
    static void checkSettled(IndexBatch batch) {
        if (!batch.pending().isEmpty()) {
            throw new UnsettledBatchException(batch.pending().size() + " of " + batch.records().size()
                    + " records are still pending indexing: the bulk-index step did not finish them (was its failure"
                    + " caught, or the step skipped?); it must succeed before the commit (routes/indexer.camel.yaml)");
        }
        if (!batch.deadLettersAcknowledged()) {
            throw new UnsettledBatchException(batch.unacknowledgedRejections().size() + " of " + batch.rejections().size()
                    + " refused records are not acknowledged by the dead-letter topic: the dead-letter step"
                    + " must run after bulk-index and before the commit (routes/indexer.camel.yaml)");
        }
        int unaccounted = batch.unaccounted().size();
        if (unaccounted > 0) {
            throw new UnsettledBatchException(unaccounted + " of " + batch.records().size()
                    + " records are neither indexed nor dead-lettered: bulkRequestFactory.toOperations must see the"
                    + " whole batch (routes/indexer.camel.yaml)");
        }
    }

    /** The batch is not settled, so committing it could skip records that are neither indexed nor dead-lettered. */
    public static final class UnsettledBatchException extends IllegalStateException {
        public UnsettledBatchException(String message) {
            super("Refusing to commit the batch: " + message);
        }
    }
}
