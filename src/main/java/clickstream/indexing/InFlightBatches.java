package clickstream.indexing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The batches each Kafka consumer thread has handed to route {@value #INDEX_BATCH_ROUTE} (bulk index, dead letters)
 * and not committed yet, oldest first: at most {@code indexer.batches-in-flight} per consumer. The poll thread
 * validates a batch, hands it over ({@link #dispatch}) and, while fewer than that many are unfinished, goes back to
 * poll the next one, so a consumer keeps its bulk requests in flight while it polls and validates (as Kafka Connect's
 * OpenSearch sink does). {@link BatchOffsetCommitter} commits the finished ones, in offset order, on the poll thread
 * (a KafkaConsumer is not thread-safe; camel-kafka 4.17's async commit manager only records offsets, it commits
 * none from its poll loop), and {@link CommitOnRebalance} finishes and commits them before partitions are released.
 * <p>
 * A consumer that has caught up with its partitions (the fetched lag is zero, or unknown, as in a test without
 * Kafka) runs the batch on its own thread and waits for every batch it has in flight before it polls again: a quiet
 * topic is never left with indexed but uncommitted records. Each {@link IndexBatch} stays the one owner of its
 * state; this class only keeps their order.
 */
public final class InFlightBatches {

    public static final String BEAN_NAME = "inFlightBatches";
    /** The route that indexes and dead-letters one batch (routes/indexer.camel.yaml). */
    public static final String INDEX_BATCH_ROUTE = "index-batch";
    static final String INDEX_BATCH_ENDPOINT = "direct:" + INDEX_BATCH_ROUTE;
    /** Exchange property of the poll exchange: its batch went to a worker thread, the poll thread need not wait. */
    static final String IN_BACKGROUND = "clickstream.batchInBackground";

    private final CamelContext context;
    private final int perConsumer;
    private final int workers;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    /** The Kafka consumer each poll thread subscribed with ({@link CommitOnRebalance}), to read its fetched lag. */
    private final Map<String, Consumer<?, ?>> consumers = new ConcurrentHashMap<>();
    private volatile ExecutorService executor;
    private volatile ProducerTemplate template;

    /**
     * @param perConsumer the most batches one consumer thread has unfinished ({@code indexer.batches-in-flight})
     * @param consumers   consumer threads ({@code indexer.consumers}): the worker threads are both multiplied
     */
    public InFlightBatches(CamelContext context, int perConsumer, int consumers) {
        if (perConsumer < 1 || consumers < 1) {
            throw new IllegalArgumentException("perConsumer and consumers must be positive");
        }
        this.context = context;
        this.perConsumer = perConsumer;
        this.workers = perConsumer * consumers;
    }

    public int perConsumer() {
        return perConsumer;
    }

    /**
     * Route step after the batch is validated: route {@value #INDEX_BATCH_ROUTE} indexes and dead-letters it, on a
     * worker thread while the consumer has more to read, else on this one. First, a consumer whose last batch failed
     * (camel-kafka then reads again from the committed offsets) forgets what it had in flight.
     */
    public void dispatch(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        Window window = window();
        if (!window.clean) {
            window.abandon();
        }
        window.clean = false;
        Exchange work = new DefaultExchange(context);
        work.getMessage().setBody(exchange.getMessage().getBody());
        work.setProperty(IndexBatch.PROPERTY, batch);
        // the dead-letter publisher stops the route the batch came from when the dead-letter topic cannot be written
        work.getExchangeExtension().setFromRouteId(exchange.getFromRouteId());
        boolean background = perConsumer > 1 && hasMoreToRead();
        Future<Exchange> done;
        if (background) {
            done = executor().submit(() -> template().send(INDEX_BATCH_ENDPOINT, work));
        } else {
            done = CompletableFuture.completedFuture(template().send(INDEX_BATCH_ENDPOINT, work));
        }
        window.batches.addLast(new InFlight(batch, done));
        exchange.setProperty(IN_BACKGROUND, background);
    }

    /** The window of the calling consumer thread (the poll thread). */
    Window window() {
        return windows.computeIfAbsent(Thread.currentThread().getName(), name -> new Window());
    }

    /** The window of the calling thread if it has one: only the indexer's consumer threads do. */
    Window existingWindow() {
        return windows.get(Thread.currentThread().getName());
    }

    void subscribed(Consumer<?, ?> consumer) {
        consumers.put(Thread.currentThread().getName(), consumer);
    }

    /**
     * Whether the calling poll thread's consumer is assigned that partition now; true when unknown (no Kafka consumer
     * seen on this thread, a test without Kafka; a consumer closed meanwhile, whose commit then fails on its own).
     */
    boolean assigned(String topic, Integer partition) {
        Consumer<?, ?> consumer = consumers.get(Thread.currentThread().getName());
        if (consumer == null || topic == null || partition == null) {
            return true;
        }
        try {
            return consumer.assignment().contains(new TopicPartition(topic, partition));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Whether the calling poll thread's consumer has fetched records it has not polled yet, by its last fetch. */
    private boolean hasMoreToRead() {
        Consumer<?, ?> consumer = consumers.get(Thread.currentThread().getName());
        if (consumer == null) {
            return false;
        }
        try {
            for (TopicPartition partition : consumer.assignment()) {
                OptionalLong lag = consumer.currentLag(partition);
                if (lag.isPresent() && lag.getAsLong() > 0) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // a consumer closed meanwhile (a reconnect): treat as caught up, the safe side
            return false;
        }
        return false;
    }

    private ExecutorService executor() {
        if (executor == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = context.getExecutorServiceManager().newFixedThreadPool(this, "index-batch", workers);
                }
            }
        }
        return executor;
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }

    /** One batch handed over, and its run of route {@value #INDEX_BATCH_ROUTE}. */
    record InFlight(IndexBatch batch, Future<Exchange> run) {

        /** Waits for the run; what it failed with, or null (an interrupted wait counts as a failure). */
        Exception awaitFailure() {
            try {
                return run.get().getException();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            } catch (ExecutionException e) {
                // the template reports a failed run on its exchange: this is a rejected task (the app stopping)
                return e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** One consumer thread's batches not committed yet, oldest first. Used by that thread only. */
    static final class Window {
        final Deque<InFlight> batches = new ArrayDeque<>();
        /**
         * False from a batch's hand-over until the commit step finished with it: still false at the next hand-over,
         * the exchange in between failed and camel-kafka reads again from the committed offsets.
         */
        boolean clean = true;
        /** Set when batches were given up outside a commit step (revocation): the next commit step fails. */
        Exception failure;

        /** Waits for every batch in flight and forgets them all, uncommitted: they will be read again. */
        void abandon() {
            for (InFlight inFlight : batches) {
                if (inFlight.awaitFailure() instanceof InterruptedException) {
                    break;
                }
            }
            batches.clear();
            failure = null;
        }
    }
}
