package clickstream.observe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.indexing.IndexBatch;

/** Running totals of the pipeline, for the progress line in the log (and for tests to wait on). */
public final class PipelineMetrics {

    private static final Logger LOG = LoggerFactory.getLogger("clickstream.progress");

    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong indexed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private long lastProduced;
    private long lastIndexed;
    private long lastNanos = System.nanoTime();
    /** Extra text at the end of the progress line (e.g. the chaos counts); empty = nothing. */
    private volatile Supplier<String> detail = () -> "";

    public void setDetail(Supplier<String> detail) {
        this.detail = detail;
    }

    public void produced(int count) {
        produced.addAndGet(count);
    }

    /** Route step after the commit: the batch is done, count what became of it. */
    public void batchDone(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        batches.incrementAndGet();
        consumed.addAndGet(batch.records().size());
        indexed.addAndGet(batch.indexed());
        duplicates.addAndGet(batch.duplicates());
    }

    /**
     * Dead letters the broker acknowledged (DeadLetterPublisher tells each once, when written): not the batch's
     * rejections, which a batch polled again after a failed commit has too, though they are not written again.
     */
    public void deadLettered(int count) {
        deadLettered.addAndGet(count);
    }

    public long produced() {
        return produced.get();
    }

    public long consumed() {
        return consumed.get();
    }

    public long indexed() {
        return indexed.get();
    }

    /** Of {@link #indexed()}: events whose event_id was already indexed (a redelivery, refused by the create). */
    public long duplicates() {
        return duplicates.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Route step of the "progress" timer route. */
    public synchronized void logProgress() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long p = produced.get();
        long i = indexed.get();
        String extra = detail.get();
        LOG.info(String.format("produced %,d (%.0f/s) | indexed %,d (%.0f/s) | dead-lettered %,d | batches %,d",
                p, (p - lastProduced) / seconds, i, (i - lastIndexed) / seconds, deadLettered.get(), batches.get())
                + (extra.isEmpty() ? "" : " | " + extra));
        lastProduced = p;
        lastIndexed = i;
        lastNanos = now;
    }
}
