package clickstream.indexing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits batches once every record in them is indexed or dead-lettered, and checks that first (it does not trust the
 * order of the steps in {@code routes/indexer.camel.yaml}, which is edited and reloaded live): for each partition in a
 * batch, the manual-commit handle of its highest offset (camel-kafka's synchronous commit stores offset + 1). The batch
 * exchange's own commit header belongs to the last record only and would leave the other partitions uncommitted,
 * and camel-kafka 4.17's batching auto-commit commits the consumer position past unprocessed records (CAMEL-23994),
 * hence this explicit step.
 * <p>
 * With {@link InFlightBatches} (the app), the step commits the consumer's finished batches oldest first, on the poll
 * thread: it waits for the oldest while the consumer has {@code indexer.batches-in-flight} unfinished (or for all of
 * them when the batch ran on the poll thread), and never commits past a batch that failed or is unsettled. A failed
 * batch fails the step at once (its route already retried it), so camel-kafka reads again from the last commit.
 */
public final class BatchOffsetCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchOffsetCommitter.class);

    private final InFlightBatches inFlight;
    private final LongAdder deferred = new LongAdder();

    /** Commits each exchange's own batch (no batches in flight). */
    public BatchOffsetCommitter() {
        this(null);
    }

    public BatchOffsetCommitter(InFlightBatches inFlight) {
        this.inFlight = inFlight;
    }

    /**
     * Route step: the last step of the indexer route. Commits the finished batches of this consumer in order, its
     * own batch too if it was not handed over (a route edited without the hand-over step); nothing unsettled.
     */
    public void commit(Exchange exchange) {
        IndexBatch current = IndexBatch.of(exchange);
        InFlightBatches.Window window = inFlight == null ? null : inFlight.existingWindow();
        boolean handedOver = false;
        if (window != null) {
            if (window.failure != null) {
                failWithoutRetry(exchange, window.failure);
                return;
            }
            boolean background = Boolean.TRUE.equals(exchange.getProperty(InFlightBatches.IN_BACKGROUND));
            for (InFlightBatches.InFlight batch : window.batches) {
                handedOver |= batch.batch() == current;
            }
            while (!window.batches.isEmpty()) {
                InFlightBatches.InFlight oldest = window.batches.peekFirst();
                if (background && !oldest.run().isDone() && window.batches.size() < inFlight.perConsumer()) {
                    break;
                }
                Exception failure = oldest.awaitFailure();
                if (failure != null) {
                    failWithoutRetry(exchange, failure);
                    return;
                }
                // a failure here (unsettled, a failed commit) is retried by the policy: the batch stays the oldest
                try {
                    commit(oldest.batch());
                } catch (RuntimeException e) {
                    if (!rebalanceInProgress(e) || !handedOver) {
                        // (a batch not handed over is committed below, which must not pass a deferred one)
                        throw e;
                    }
                    // a cooperative rebalance is under way: this consumer keeps reading the partitions it keeps, but
                    // Kafka takes no commit until its next poll has rejoined the group. Failing the step would cost
                    // the retry back-off and then a reconnect (leaving the group: the stop-the-world rebalance the
                    // cooperative assignor avoids); the batch is indexed, so it stays the oldest, committed by the
                    // next commit step or when the rebalance completes (CommitOnRebalance). RebalanceIT
                    deferred.increment();
                    LOG.debug("Commit deferred until the consumer has rejoined the group: {}", e.getMessage());
                    // the in-flight limit holds meanwhile, and a consumer that has caught up (no commit step may come
                    // for a while) settles all it has in flight now; a failure fails the step (read again), the
                    // finished batches wait for the rebalance's end
                    Exception later = settle(window, background ? inFlight.perConsumer() - 1 : 0);
                    if (later != null) {
                        failWithoutRetry(exchange, later);
                        return;
                    }
                    break;
                }
                window.batches.removeFirst();
            }
            window.clean = true;
        }
        if (!handedOver) {
            commit(current);
        }
    }

    /** How many times Kafka refused a commit during a rebalance and the batch waited for its end (RebalanceIT). */
    public long deferredCommits() {
        return deferred.sum();
    }

    /**
     * Waits, oldest first, until at most {@code running} batches of the window are unfinished; the first finished
     * batch that failed or is not settled, or null.
     */
    private static Exception settle(InFlightBatches.Window window, int running) {
        int unfinished = 0;
        for (InFlightBatches.InFlight batch : window.batches) {
            unfinished += batch.run().isDone() ? 0 : 1;
        }
        for (InFlightBatches.InFlight batch : window.batches) {
            if (!batch.run().isDone()) {
                if (unfinished <= running) {
                    continue;
                }
                unfinished--;
            }
            Exception failure = batch.awaitFailure();
            if (failure != null) {
                return failure;
            }
            try {
                checkSettled(batch.batch());
            } catch (UnsettledBatchException e) {
                return e;
            }
        }
        return null;
    }

    /** Kafka refused a commit because this consumer is rejoining its group (it was not fenced: it may retry). */
    static boolean rebalanceInProgress(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RebalanceInProgressException) {
                return true;
            }
        }
        return false;
    }

    /** Commits {@code batch}'s highest offset of each partition, after checking it is settled. */
    void commit(IndexBatch batch) {
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
            if (inFlight != null && !inFlight.assigned(record.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                    record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class))) {
                // records polled before their partition was revoked (camel-kafka batches across polls): its new
                // owner reads on from what was committed at the revocation; a commit now could move that back
                continue;
            }
            KafkaManualCommit commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("record has no " + KafkaConstants.MANUAL_COMMIT
                        + " header: the indexer's kafka endpoint needs allowManualCommit=true");
            }
            commit.commit();
        }
    }

    /**
     * Partitions are being revoked (a rebalance, the route stopping): on the poll thread, inside its poll. Waits for
     * this consumer's batches in flight and commits them in order up to the first that failed; if one did, the
     * consumer's next commit step fails, so that camel-kafka reads again from the committed offsets.
     */
    void commitBeforeRevocation() {
        commitInOrder(true);
    }

    /**
     * A rebalance completed (on the poll thread, inside its poll; a cooperative consumer is told after every one):
     * commits the finished batches whose commit Kafka refused while this consumer rejoined, so a topic that went
     * quiet meanwhile, with no next commit step to come, is not left indexed but uncommitted. A batch still running
     * or failed is left to its commit step; a commit refused again (the next rebalance already began) waits for
     * that rebalance's end.
     */
    void commitAfterRebalance() {
        commitInOrder(false);
    }

    private void commitInOrder(boolean waitForRunning) {
        InFlightBatches.Window window = inFlight == null ? null : inFlight.existingWindow();
        if (window == null || window.batches.isEmpty()) {
            return;
        }
        Exception failure = null;
        try {
            while (!window.batches.isEmpty()) {
                InFlightBatches.InFlight oldest = window.batches.peekFirst();
                if (!waitForRunning && (!oldest.run().isDone() || oldest.awaitFailure() != null)) {
                    return;
                }
                failure = oldest.awaitFailure();
                if (failure != null) {
                    break;
                }
                commit(oldest.batch());
                window.batches.removeFirst();
            }
        } catch (RuntimeException e) {
            if (!waitForRunning && rebalanceInProgress(e)) {
                return;
            }
            failure = e;
        }
        if (failure != null) {
            LOG.warn("{} batch(es) of this consumer not committed before {} ({}): they will be read again",
                    window.batches.size(), waitForRunning ? "its partitions were revoked" : "the rebalance ended",
                    failure.toString());
            window.abandon();
            window.failure = failure;
        }
    }

    /** Partitions lost (no commit possible any more): the batches in flight are given up, to be read again. */
    void batchesLost() {
        InFlightBatches.Window window = inFlight == null ? null : inFlight.existingWindow();
        if (window != null && !window.batches.isEmpty()) {
            window.abandon();
            window.failure = new IllegalStateException("partitions lost with batches in flight");
        }
    }

    /**
     * The batch's own route already applied the error policy: the step fails at once, without redelivery, and
     * camel-kafka (breakOnFirstError) reads again from the last committed offsets.
     */
    private static void failWithoutRetry(Exchange exchange, Exception failure) {
        exchange.setException(failure);
        exchange.getExchangeExtension().setRedeliveryExhausted(true);
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
