package clickstream.indexing;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * The state of one Kafka batch on its way through the indexer: which records are still to be indexed, which were
 * refused for good (with why), and how many bulk attempts were made. Kept as an exchange property so every step
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
}
