package clickstream.indexing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a batch once every record in it is indexed or dead-lettered: for each partition in the batch, the
 * manual-commit handle of its highest offset (camel-kafka's synchronous commit stores offset + 1). The batch
 * exchange's own commit header belongs to the last record only and would leave the other partitions uncommitted,
 * and camel-kafka 4.17's batching auto-commit commits the consumer position past unprocessed records (CAMEL-23994),
 * hence this explicit step.
 */
public final class BatchOffsetCommitter {

    /** Route step: the last step of the indexer route. */
    public void commit(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
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
}
