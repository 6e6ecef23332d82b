package clickstream.indexing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * The state of one Kafka batch on its way through the indexer: which records are still to be indexed, which were
 * refused for good (with why) and how many of those the dead-letter topic acknowledged, and how many bulk attempts
 * were made; {@link BatchOffsetCommitter} commits only once this says every record is settled. Kept as an exchange property so every step
 * of the route, and a redelivery, sees the same batch.
 */
public final class IndexBatch {

    public static final String PROPERTY = "clickstream.indexBatch";

    /** A record accepted for indexing and the bulk operation it became. */
    public record Pending(Exchange record, ValidEvent event) {
    }

    /** A record that can never be indexed, and why. */
    public record Rejection(Exchange record, RejectReason reason, String errorClass, String message, int attempts) {
    }

    private final List<Exchange> records;
    private List<Pending> pending = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int attempts;
    private int indexed;
    /** Every record accepted for indexing, pending or not: with the rejections, what the batch has accounted for. */
    private final List<Exchange> accepted = new ArrayList<>();
    /** How many of {@link #rejections()}, from the first, the dead-letter topic has acknowledged. */
    private int deadLettersAcknowledged;

    public IndexBatch(List<Exchange> records) {
        this.records = records;
    }

    public static IndexBatch of(Exchange exchange) {
        IndexBatch batch = exchange.getProperty(PROPERTY, IndexBatch.class);
        if (batch == null) {
            throw new IllegalStateException("no " + PROPERTY + " on the exchange: run bulkRequestFactory first");
        }
        return batch;
    }

    public List<Exchange> records() {
        return records;
    }

    public List<Pending> pending() {
        return pending;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public int attempts() {
        return attempts;
    }

    public int indexed() {
        return indexed;
    }

    void accept(Exchange record, ValidEvent event) {
        pending.add(new Pending(record, event));
        accepted.add(record);
    }

    void reject(Exchange record, RejectReason reason, String errorClass, String message) {
        rejections.add(new Rejection(record, reason, errorClass, message, attempts));
    }

    void startAttempt() {
        attempts++;
    }

    void indexed(int count) {
        indexed += count;
    }

    /** After a bulk response: only what failed transiently stays pending for the next attempt. */
    void retryOnly(List<Pending> transientFailures) {
        pending = transientFailures;
    }

    /** The rejections the dead-letter topic has not acknowledged yet (rejections are only ever appended). */
    public List<Rejection> unacknowledgedRejections() {
        return Collections.unmodifiableList(rejections.subList(deadLettersAcknowledged, rejections.size()));
    }

    /** True once every rejection so far is acknowledged by the dead-letter topic (trivially, when there is none). */
    public boolean deadLettersAcknowledged() {
        return deadLettersAcknowledged == rejections.size();
    }

    /** Set by {@link DeadLetterPublisher} after the broker acknowledged the first {@code count} rejections. */
    void deadLettersAcknowledged(int count) {
        if (count < deadLettersAcknowledged || count > rejections.size()) {
            throw new IllegalArgumentException("acknowledged " + count + " of " + rejections.size()
                    + " rejections, after " + deadLettersAcknowledged);
        }
        deadLettersAcknowledged = count;
    }

    /**
     * Records neither dead-lettered nor accepted and then answered by OpenSearch (indexed, or already there): what a
     * commit now would skip over. A record leaves {@link #pending()} only through a bulk response item.
     */
    public List<Exchange> unaccounted() {
        Set<Exchange> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(accepted);
        for (Pending stillPending : pending) {
            done.remove(stillPending.record());
        }
        for (Rejection rejection : rejections) {
            done.add(rejection.record());
        }
        List<Exchange> unaccounted = new ArrayList<>();
        for (Exchange record : records) {
            if (!done.contains(record)) {
                unaccounted.add(record);
            }
        }
        return unaccounted;
    }
}
