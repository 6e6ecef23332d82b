package clickstream.indexing;

import clickstream.config.SettingsCatalog;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How large and how many bulk requests, shared by the consumer threads (one instance per app, bean
 * {@value #BEAN_NAME}):
 * <ul>
 * <li>bytes per request: at most {@code indexer.max-bulk-bytes}; a 413 (the cluster's {@code http.max_content_length}
 * is lower) lowers it to half the refused request for the rest of the run, so later batches do not meet it again;</li>
 * <li>requests in flight: each consumer thread sends one request at a time, so {@code indexer.consumers} is the
 * most; a 429 (item or whole request) drops the limit to one, and each request answered without a 429 raises it by one
 * again (a thread over the limit waits in {@link #acquire} before sending).</li>
 * </ul>
 */
public final class BulkLimits {

    public static final String BEAN_NAME = "bulkLimits";

    private static final Logger LOG = LoggerFactory.getLogger(BulkLimits.class);
    /** Exchange property: this exchange holds a permit (so a release without an acquire gives nothing back). */
    private static final String PERMIT = "clickstream.bulkPermit";

    private final int maxInFlight;
    private volatile long maxBytes;
    private int inFlightLimit;
    private int inFlight;

    public BulkLimits(long maxBytes, int maxInFlight) {
        if (maxBytes < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBytes and maxInFlight must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxInFlight = maxInFlight;
        this.inFlightLimit = maxInFlight;
    }

    /** The most bytes of one bulk request (documents plus action lines); a single larger document still goes alone. */
    public long maxBytes() {
        return maxBytes;
    }

    /** A request of {@code refusedBytes} got 413: later requests are at most half of it. */
    public synchronized void tooLarge(long refusedBytes) {
        long lowered = Math.max(1, refusedBytes / 2);
        if (lowered < maxBytes) {
            maxBytes = lowered;
            LOG.warn("OpenSearch refused a bulk request of {} bytes as too large (413): bulk requests are now at most {} bytes; "
                    + "set {} below the cluster's http.max_content_length", refusedBytes, lowered, SettingsCatalog.Indexer.MAX_BULK_BYTES.key());
        }
    }

    /** Route step before the bulk call: waits while the requests in flight are at the limit. */
    public void acquire(Exchange exchange) throws InterruptedException {
        synchronized (this) {
            while (inFlight >= inFlightLimit) {
                wait();
            }
            inFlight++;
        }
        exchange.setProperty(PERMIT, Boolean.TRUE);
    }

    /** Route step after the bulk call, whatever its outcome. */
    public void release(Exchange exchange) {
        if (exchange.removeProperty(PERMIT) == null) {
            return;
        }
        synchronized (this) {
            inFlight--;
            notifyAll();
        }
    }

    /** OpenSearch answered 429: one request in flight until it clears. */
    public synchronized void throttled() {
        if (inFlightLimit > 1) {
            LOG.warn("OpenSearch is throttling (429): one bulk request in flight until it answers without 429");
        }
        inFlightLimit = 1;
    }

    /** A request was answered without a 429: one more may be in flight, up to the number of consumers. */
    public synchronized void answered() {
        if (inFlightLimit < maxInFlight) {
            inFlightLimit++;
            notifyAll();
        }
    }

    public synchronized int inFlightLimit() {
        return inFlightLimit;
    }
}
