package clickstream.indexing;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * The state of one Kafka batch on its way through the indexer: which records are still to be indexed (and which of
 * them the current bulk request carries), which were refused for good (with why), how many were indexed or found
 * already indexed, and how many bulk requests were answered. Kept as an exchange property so every step
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
    private int duplicates;
    /** How many of the first pending records the current bulk request carries, and its size in bytes. */
    private int sent;
    private long sentBytes;
    /** How many bulk requests carried each pending record (the dead letter's attempts). */
    private final Map<Pending, Integer> sends = new IdentityHashMap<>();

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
    }

    void reject(Exchange record, RejectReason reason, String errorClass, String message) {
        rejections.add(new Rejection(record, reason, errorClass, message, attempts));
    }

    /** A record refused by OpenSearch, with the number of bulk requests that carried it. */
    void rejectSent(Pending pending, RejectReason reason, String errorClass, String message) {
        rejections.add(new Rejection(pending.record(), reason, errorClass, message, sends.getOrDefault(pending, 0)));
    }

    /** The next bulk request carries the first {@code count} pending records, {@code bytes} in all. */
    void sending(int count, long bytes) {
        sent = count;
        sentBytes = bytes;
        for (Pending pending : this.pending.subList(0, count)) {
            sends.merge(pending, 1, Integer::sum);
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
}
