package clickstream.indexing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * The state of one Kafka batch on its way through the indexer: which records are still to be indexed (and which of
 * them the current bulk request carries), which were refused for good (with why) and how many of those the
 * dead-letter topic acknowledged, how many were indexed or found already indexed, and how many bulk requests were
 * answered; {@link BatchOffsetCommitter} commits only once this says every record is settled. Kept as an exchange
 * property so every step
 * of the route, and a redelivery, sees the same batch.
 */
public final class IndexBatch {

    public static final String PROPERTY = "clickstream.indexBatch";

    /**
     * A record accepted for indexing and the bulk operation it became, and how many bulk requests carried it (the
     * dead letter's attempts; a field, not a map entry per record). Compared by identity.
     */
    public static final class Pending {
        private final Exchange record;
        private final ValidEvent event;
        private int sends;

        public Pending(Exchange record, ValidEvent event) {
            this.record = record;
            this.event = event;
        }

        public Exchange record() {
            return record;
        }

        public ValidEvent event() {
            return event;
        }

        @Override
        public String toString() {
            return "Pending[" + event + ", sent " + sends + " time(s)]";
        }
    }

    /** A record that can never be indexed, and why. */
    public record Rejection(Exchange record, RejectReason reason, String errorClass, String message, int attempts) {
    }

    private final List<Exchange> records;
    private List<Pending> pending = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int attempts;
    private int indexed;
    private int duplicates;
    /** How many of the first pending records the current bulk request carries, and its size in bytes. */
    private int sent;
    private long sentBytes;
    /** Every record accepted for indexing, pending or not: with the rejections, what the batch has accounted for. */
    private final List<Exchange> accepted = new ArrayList<>();
    /** How many of {@link #rejections()}, from the first, the dead-letter topic has acknowledged. */
    private int deadLettersAcknowledged;
    /** The thread that polled the batch: its Kafka consumer, which polls the next batch of the same partitions. */
    private final String consumer = Thread.currentThread().getName();

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

    /** The name of the consumer thread that polled this batch (it built the batch: bulkRequestFactory.toOperations). */
    public String consumer() {
        return consumer;
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

    /** Records indexed, those found already indexed included. */
    public int indexed() {
        return indexed;
    }

    /** Of {@link #indexed()}: records whose event_id was already indexed (a redelivery, 409 on create). */
    public int duplicates() {
        return duplicates;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The pending records the current bulk request carries: the first ones, in order. */
    public List<Pending> sent() {
        return List.copyOf(pending.subList(0, sent));
    }

    /** The size of the current bulk request: documents plus action lines. */
    public long sentBytes() {
        return sentBytes;
    }

    void accept(Exchange record, ValidEvent event) {
        pending.add(new Pending(record, event));
        accepted.add(record);
    }

    void reject(Exchange record, RejectReason reason, String errorClass, String message) {
        rejections.add(new Rejection(record, reason, errorClass, message, attempts));
    }

    /** A record refused by OpenSearch, with the number of bulk requests that carried it. */
    void rejectSent(Pending pending, RejectReason reason, String errorClass, String message) {
        rejections.add(new Rejection(pending.record(), reason, errorClass, message, pending.sends));
    }

    /** The next bulk request carries the first {@code count} pending records, {@code bytes} in all. */
    void sending(int count, long bytes) {
        sent = count;
        sentBytes = bytes;
        for (int i = 0; i < count; i++) {
            this.pending.get(i).sends++;
        }
    }

    void duplicates(int count) {
        duplicates += count;
    }

    void startAttempt() {
        attempts++;
    }

    void indexed(int count) {
        indexed += count;
    }

    /**
     * After a bulk response: of the records it carried, only these stay pending (first, for the next attempt), with
     * the records no request carried yet.
     */
    void retryOnly(List<Pending> transientFailures) {
        List<Pending> next = new ArrayList<>(transientFailures);
        next.addAll(pending.subList(sent, pending.size()));
        pending = next;
        sent = 0;
        sentBytes = 0;
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
