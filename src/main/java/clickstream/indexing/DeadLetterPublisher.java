package clickstream.indexing;

import clickstream.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.EndpointAware;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the dead-letter route (routes/indexer.camel.yaml): builds the batch's refused records into dead
 * letters, original key, value and headers untouched (the source timestamp only as
 * {@link DeadLetterHeaders#SOURCE_TIMESTAMP}: a dead letter's own timestamp is when it was written) with headers that
 * say why ({@link DeadLetterHeaders}), or for a record too large for the dead-letter producer or topic a smaller copy
 * ({@link #smaller(Message)}); and judges what the route's {@code to: kafka:{{kafka.dlq-topic}}} made of each. The route
 * runs before the batch's offsets are committed and is awaited, so a record is never both uncommitted-lost and
 * un-dead-lettered.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    /** What the dead-letter producer (camel-kafka's default strategy) never writes as a Kafka header. */
    private static final HeaderFilterStrategy CAMEL_KAFKA_HEADERS = new KafkaHeaderFilterStrategy();

    /** {@link IndexerCondition} code while the dead-letter topic cannot be written until a setting or ACL changes. */
    public static final String FATAL = "dlq.fatal";
    /** {@link IndexerCondition} code while a dead-letter write is being retried. */
    public static final String UNAVAILABLE = "dlq.unavailable";
    /** What is kept of a record value too large for the dead-letter producer: well under any max.request.size. */
    public static final int TRUNCATED_VALUE_BYTES = 64 * 1024;
    /**
     * How many written dead letters (source topic, partition, offset) this instance remembers, so a batch polled
     * again after a later failure (e.g. a failed commit) does not write them again: more than a few batches'
     * worth of rejections (indexer.max-poll-records = 5000), about 100 bytes each.
     */
    public static final int REMEMBERED_DEAD_LETTERS = 50_000;
    /** The id of the dead-letter route's Kafka send (routes/indexer.camel.yaml): its topic and maxRequestSize. */
    public static final String SEND_STEP_ID = "dead-letter-topic";
    /** Exchange property: the dead-letter route's progress through the batch's dead letters. */
    static final String SENDING = "clickstream.deadLetterSending";
    /** The Kafka producer's default max.request.size, when the endpoint does not set maxRequestSize. */
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    private static final int RECORD_OVERHEAD = 128;
    private static final int HEADER_OVERHEAD = 10;

    private final CamelContext context;
    /** kafka.dlq-topic: named in messages when the send step is not a Kafka endpoint. */
    private final String topic;
    private final Clock clock;
    private final IndexerCondition condition;
    private final Set<SourcePosition> written = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<SourcePosition, Boolean> eldest) {
                    return size() > REMEMBERED_DEAD_LETTERS;
                }
            }));
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** The routes this publisher stopped on a fatal failure: their next start clears FATAL and UNAVAILABLE. */
    private final Set<String> stoppedRoutes = ConcurrentHashMap.newKeySet();
    /** Told of each dead letter the broker acknowledged, once (the dead-lettered counter, PipelineMetrics). */
    private final IntConsumer deadLettered;

    public DeadLetterPublisher(CamelContext context, String topic, Clock clock, IndexerCondition condition) {
        this(context, topic, clock, condition, count -> { });
    }

    /**
     * @param deadLettered counts each dead letter when the broker acknowledges it: counted then, a dead letter is
     *     counted once whether its batch is committed or polled again (and then skipped as already written)
     */
    public DeadLetterPublisher(CamelContext context, String topic, Clock clock, IndexerCondition condition,
            IntConsumer deadLettered) {
        this.deadLettered = deadLettered;
        this.context = context;
        this.topic = topic;
        this.clock = clock;
        this.condition = condition;
        // readiness was DOWN because this publisher stopped the route: once the route is started again (a restart
        // of the route, a live reload of routes/indexer.camel.yaml) it is a new try, and a fault still there holds it again
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            {
                setIgnoreCamelContextEvents(true);
                setIgnoreServiceEvents(true);
                setIgnoreExchangeEvents(true);
                setIgnoreStepEvents(true);
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteStartedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                routeStarted(((CamelEvent.RouteStartedEvent) event).getRoute().getRouteId());
            }
        });
    }

    void routeStarted(String routeId) {
        if (stoppedRoutes.remove(routeId)) {
            condition.clear(FATAL);
            condition.clear(UNAVAILABLE);
        }
    }

    /** Filter of the indexer route: the batch has refused records the dead-letter topic has not acknowledged yet. */
    public boolean hasUnacknowledged(Exchange exchange) {
        return !IndexBatch.of(exchange).deadLettersAcknowledged();
    }

    /**
     * Route step, first of the dead-letter route: the batch's rejections the dead-letter topic has not acknowledged
     * yet, as dead letters that fit the producer's max.request.size ({@link #fitToSize}), all to go in the next send.
     * A rejection this instance already wrote (the same batch polled again after a later step failed) is not written
     * twice. With nothing to send, the batch's rejections are acknowledged at once.
     */
    public void prepare(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        int settled = batch.rejections().size();
        String now = clock.instant().toString();
        int maxRequestSize = maxRequestSize();
        List<Outgoing> outgoing = new ArrayList<>();
        for (IndexBatch.Rejection rejection : List.copyOf(batch.unacknowledgedRejections())) {
            if (!written.contains(SourcePosition.of(rejection.record()))) {
                outgoing.add(new Outgoing(rejection, fitToSize(toMessage(rejection, now), maxRequestSize)));
            }
        }
        Sending sending = new Sending(settled);
        if (!outgoing.isEmpty()) {
            sending.queue.add(outgoing);
        }
        exchange.setProperty(SENDING, sending);
        if (outgoing.isEmpty()) {
            batch.deadLettersAcknowledged(settled);
        }
    }

    /** Loop condition of the dead-letter route: some dead letters of the batch are still to be sent. */
    public boolean hasUnwritten(Exchange exchange) {
        return !sending(exchange).queue.isEmpty();
    }

    /**
     * Route step before the send: body = one exchange per record of the next send (camel-kafka records each record's
     * own outcome on it; on a plain Message it can only set the last failure on the whole send, and the other records
     * of the List may be written). The first send carries every dead letter, each later one a single smaller copy.
     */
    public void nextSend(Exchange exchange) {
        Sending sending = sending(exchange);
        sending.inFlight = sending.queue.poll();
        sending.records = new ArrayList<>(sending.inFlight.size());
        for (Outgoing record : sending.inFlight) {
            Exchange single = new DefaultExchange(context);
            single.setIn(record.message());
            sending.records.add(single);
        }
        // the failure the previous send's doCatch left, if any, is not this send's
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        exchange.getMessage().setBody(sending.records);
    }

    /**
     * Route step after the send: each record's own outcome. Those written are remembered, counted and logged. A
     * record refused as too large goes again, alone, as its next smaller copy ({@link #smaller(Message)}: value cut,
     * then source headers dropped, then key cut): the broker refuses a record batch as a whole when it is over the
     * topic's max.message.bytes, so a record refused in company may fit alone; it is fatal only once the smallest
     * copy is refused too. A failure that passes is thrown as {@link DeadLetterException} (the indexer's policy
     * retries the dead-letter route, which sends only what is not written yet); one that only a setting or an ACL can
     * fix holds readiness DOWN, logs one ERROR line, stops the consuming route (nothing of the batch is committed)
     * and throws {@link DeadLetterFatalException}. Once every record is written, the batch's rejections are
     * acknowledged ({@link IndexBatch#deadLettersAcknowledged()}), which the commit step checks.
     */
    public void judge(Exchange exchange) {
        Sending sending = sending(exchange);
        Throwable sendFailure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<Outgoing> tooLarge = new ArrayList<>();
        Throwable retriable = null;
        Throwable fatal = null;
        for (int i = 0; i < sending.inFlight.size(); i++) {
            Outgoing record = sending.inFlight.get(i);
            Throwable failure = failure(sendFailure, sending.records.get(i));
            if (failure == null) {
                written.add(SourcePosition.of(record.rejection().record()));
                deadLettered.accept(1);
                logDeadLettered(record);
                continue;
            }
            Failure kind = classify(failure);
            if (kind == Failure.TOO_LARGE) {
                tooLarge.add(new Outgoing(record.rejection(), record.message(), failure));
            } else if (kind == Failure.RETRIABLE) {
                retriable = failure;
            } else if (fatal == null) {
                fatal = failure;
            }
        }
        if (fatal != null && context.isStopping()) {
            // e.g. the producer closed under a shutdown: not a setting to fix, and the batch is not committed
            throw new DeadLetterException("could not write records to the dead-letter topic while stopping", fatal);
        }
        if (fatal != null) {
            throw fatal(exchange, fatal);
        }
        if (retriable != null) {
            condition.hold(UNAVAILABLE, "the dead-letter topic '" + topic() + "' cannot be written for now ("
                    + retriable.getClass().getSimpleName() + ": " + retriable.getMessage() + "); retrying");
            throw new DeadLetterException("could not write records to the dead-letter topic '" + topic() + "'", retriable);
        }
        for (Outgoing record : tooLarge) {
            Message smaller = smaller(record.message());
            if (smaller == null) {
                throw fatal(exchange, record.failure(), tooLargeFix(record.message(), record.failure()));
            }
            sending.queue.add(List.of(new Outgoing(record.rejection(), smaller)));
        }
        if (sending.queue.isEmpty()) {
            IndexBatch.of(exchange).deadLettersAcknowledged(sending.settled);
            condition.clear(UNAVAILABLE);
            condition.clear(FATAL);
        }
    }

    private static Sending sending(Exchange exchange) {
        Sending sending = exchange.getProperty(SENDING, Sending.class);
        if (sending == null) {
            throw new IllegalStateException("no " + SENDING + " on the exchange: run deadLetterPublisher.prepare first");
        }
        return sending;
    }

    private void logDeadLettered(Outgoing record) {
        IndexBatch.Rejection rejection = record.rejection();
        String truncated = isTruncated(record.message())
                ? " [value truncated to " + bytes(record.message().getBody()).length + " of "
                        + record.message().getHeader(DeadLetterHeaders.VALUE_SIZE) + " bytes"
                        + ("true".equals(record.message().getHeader(DeadLetterHeaders.HEADERS_DROPPED))
                                ? ", source headers dropped" : "")
                        + ("true".equals(record.message().getHeader(DeadLetterHeaders.KEY_TRUNCATED))
                                ? ", key truncated" : "") + "]"
                : "";
        LOG.warn("Dead-lettered {}-{}@{}: {} ({}){}", header(rejection.record(), KafkaConstants.TOPIC),
                header(rejection.record(), KafkaConstants.PARTITION), header(rejection.record(), KafkaConstants.OFFSET),
                rejection.reason().code(), rejection.message(), truncated);
    }

    /**
     * What became of one record of a List send, as camel-kafka 4.17 reports it: its own exchange carries the
     * failure the Kafka callback gave, and its message the broker's {@link RecordMetadata} (offset -1 when it
     * failed). A failure thrown while sending (a serializer's) is only on the whole send, and the records after it
     * were never sent: without metadata of its own, a record counts as written only if the whole send succeeded.
     */
    private static Throwable failure(Throwable sendFailure, Exchange record) {
        if (record.getException() != null) {
            return record.getException();
        }
        Object meta = record.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META);
        if (meta instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof RecordMetadata metadata) {
            return metadata.hasOffset() ? null : failureOrUnknown(sendFailure);
        }
        return sendFailure;
    }

    private static Throwable failureOrUnknown(Throwable sendFailure) {
        return sendFailure != null ? sendFailure
                : new IllegalStateException("the dead-letter producer reported no offset and no error");
    }

    enum Failure { TOO_LARGE, RETRIABLE, FATAL }

    /**
     * Only what passes is retried: Kafka's retriable errors (its TimeoutException among them) and timeouts. A timeout caused by an unknown topic (the
     * producer waited max.block.ms for it) and every other error need a change of setting, topic or ACL.
     */
    static Failure classify(Throwable failure) {
        Throwable decisive = decisiveCause(failure);
        if (decisive instanceof RecordTooLargeException) {
            return Failure.TOO_LARGE;
        }
        if (decisive != null) {
            return Failure.FATAL;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof TimeoutException || t instanceof InterruptException
                    || t instanceof InterruptedException) {
                return Failure.RETRIABLE;
            }
        }
        return Failure.FATAL;
    }

    /** The first cause in the chain that decides regardless of the others (a retriable timeout wrapping it or not). */
    private static Throwable decisiveCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof AuthorizationException
                    || t instanceof AuthenticationException || t instanceof UnknownTopicOrPartitionException
                    || t instanceof InvalidTopicException || t instanceof SerializationException) {
                return t;
            }
        }
        return null;
    }

    private DeadLetterFatalException fatal(Exchange batchExchange, Throwable cause) {
        return fatal(batchExchange, cause, fix(cause, topic()));
    }

    private DeadLetterFatalException fatal(Exchange batchExchange, Throwable cause, String fix) {
        String topic = topic();
        String reason = "the dead-letter topic '" + topic + "' cannot be written (" + cause.getClass().getName() + ": "
                + cause.getMessage() + "): " + fix;
        condition.clear(UNAVAILABLE);
        condition.hold(FATAL, reason);
        String route = batchExchange.getFromRouteId();
        if (route != null) {
            stoppedRoutes.add(route);
        }
        if (route != null && stopRequested.compareAndSet(false, true)) {
            // the one ERROR line: Camel does not log this failure again (routes/error-handling.camel.yaml)
            LOG.error("Stopping route '{}', nothing of the batch is committed: {}. Restart the app once fixed.", route,
                    reason);
            stopAsync(route);
        }
        return new DeadLetterFatalException(reason, cause);
    }

    private static String fix(Throwable cause, String topic) {
        Throwable t = decisiveCause(cause);
        if (t instanceof AuthorizationException) {
            return "grant this app's Kafka principal WRITE and DESCRIBE on topic '" + topic
                    + "', or set kafka.dlq-topic to a topic it may write";
        }
        if (t instanceof AuthenticationException) {
            return "check camel.component.kafka.security-protocol and its ssl-* / sasl-* options";
        }
        if (t instanceof UnknownTopicOrPartitionException) {
            return "create topic '" + topic + "', or set kafka.dlq-topic to an existing topic";
        }
        if (t instanceof InvalidTopicException) {
            return "set kafka.dlq-topic to a valid topic name";
        }
        if (t instanceof SerializationException) {
            return "the dead-letter producer must write bytes (valueSerializer=ByteArraySerializer, routes/indexer.camel.yaml)";
        }
        return "check the topic's configuration and the dead-letter producer's settings (routes/indexer.camel.yaml)";
    }

    /**
     * Which limit refused the smallest copy of a record: the producer's own max.request.size (its check happens before
     * the send and says so), or else the broker's, the topic's max.message.bytes.
     */
    private String tooLargeFix(Message smallest, Throwable failure) {
        long size = estimatedSize(smallest);
        Throwable t = decisiveCause(failure);
        String what = "the smallest dead letter of a record (value and key cut to " + TRUNCATED_VALUE_BYTES
                + " bytes, source headers dropped) is " + size + " bytes by estimate";
        if (size > maxRequestSize() || (t != null && String.valueOf(t.getMessage()).contains("max.request.size"))) {
            return what + ", over the dead-letter producer's max.request.size (" + maxRequestSize()
                    + "): raise maxRequestSize on the dead-letter endpoint (routes/indexer.camel.yaml)";
        }
        return what + " and the broker refused it: raise max.message.bytes of topic '" + topic() + "'";
    }

    /**
     * Stops the route from another thread: a graceful stop waits for the route's exchanges in flight, and this one
     * is still on the consumer thread. Stopping closes the Kafka consumers without committing, so the batch is
     * polled again from its first offset once the route is started again.
     */
    private void stopAsync(String routeId) {
        Thread stopper = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(routeId);
            } catch (Exception e) {
                LOG.error("Could not stop route '{}': {}", routeId, e.toString());
            } finally {
                stopRequested.set(false);
            }
        }, "dlq-fatal-stop-" + routeId);
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * The record as it will be written if it fits the producer's max.request.size (with the dlq.* headers added,
     * a record near the limit no longer fits), else its first {@link #smaller(Message)} copy that fits by the
     * estimate, or the smallest one.
     */
    Message fitToSize(Message message, int maxRequestSize) {
        Message fitting = message;
        while (estimatedSize(fitting) > maxRequestSize) {
            Message smaller = smaller(fitting);
            if (smaller == null) {
                return fitting; // refused by the producer then: fatal, naming max.request.size (tooLargeFix)
            }
            fitting = smaller;
        }
        return fitting;
    }

    /**
     * The next smaller copy of a dead letter, or null if it is the smallest: first the value cut
     * ({@link #truncated(Message, byte[])}); then without the source record's own headers (which alone can exceed the
     * limit: only the dlq.* headers, the key and the truncated value remain, {@link DeadLetterHeaders#HEADERS_DROPPED});
     * then with a key over {@link #TRUNCATED_VALUE_BYTES} cut to that ({@link DeadLetterHeaders#KEY_TRUNCATED}).
     * Each step keeps dlq.source.*, so the original can still be found in the source topic.
     */
    Message smaller(Message message) {
        if (!isTruncated(message)) {
            return truncated(message, bytes(message.getBody()));
        }
        if (message.getHeaders().keySet().stream().anyMatch(DeadLetterPublisher::isSourceHeader)) {
            Message copy = copyOf(message);
            copy.getHeaders().keySet().removeIf(DeadLetterPublisher::isSourceHeader);
            copy.setHeader(DeadLetterHeaders.HEADERS_DROPPED, "true");
            return copy;
        }
        byte[] key = bytes(message.getHeader(KafkaConstants.KEY));
        if (key.length > TRUNCATED_VALUE_BYTES && !"true".equals(message.getHeader(DeadLetterHeaders.KEY_TRUNCATED))) {
            Message copy = copyOf(message);
            copy.setHeader(KafkaConstants.KEY, Arrays.copyOf(key, TRUNCATED_VALUE_BYTES));
            copy.setHeader(DeadLetterHeaders.KEY_TRUNCATED, "true");
            copy.setHeader(DeadLetterHeaders.KEY_SIZE, Integer.toString(key.length));
            return copy;
        }
        return null;
    }

    /** A header copied from the source record: not dlq.* (ours) nor kafka.* (the key, camel-kafka's own). */
    private static boolean isSourceHeader(String name) {
        return !name.startsWith(DeadLetterHeaders.PREFIX) && !name.startsWith("kafka.");
    }

    /**
     * A copy of the record with its value cut to the first {@link #TRUNCATED_VALUE_BYTES} bytes and headers that
     * say so, with the original size and SHA-256, so the original can still be told apart and found in the source
     * topic (dlq.source.* headers).
     */
    Message truncated(Message message, byte[] value) {
        Message copy = copyOf(message);
        copy.setBody(Arrays.copyOf(value, Math.min(value.length, TRUNCATED_VALUE_BYTES)));
        copy.setHeader(DeadLetterHeaders.VALUE_TRUNCATED, "true");
        copy.setHeader(DeadLetterHeaders.VALUE_SIZE, Integer.toString(value.length));
        copy.setHeader(DeadLetterHeaders.VALUE_SHA256, sha256(value));
        return copy;
    }

    private Message copyOf(Message message) {
        Message copy = new DefaultMessage(context);
        copy.setHeaders(new LinkedHashMap<>(message.getHeaders()));
        copy.removeHeader(KafkaConstants.KAFKA_RECORD_META);
        copy.setBody(message.getBody());
        return copy;
    }

    private static boolean isTruncated(Message message) {
        return "true".equals(message.getHeader(DeadLetterHeaders.VALUE_TRUNCATED));
    }

    /**
     * An upper bound of the size the Kafka producer checks against max.request.size: value, key and every header
     * (name and value), plus the record batch overhead (61 bytes) and each field's length prefix, rounded up.
     */
    static long estimatedSize(Message message) {
        long size = RECORD_OVERHEAD + bytes(message.getBody()).length;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            size += HEADER_OVERHEAD + header.getKey().getBytes(StandardCharsets.UTF_8).length + sizeOf(header.getValue());
        }
        return size;
    }

    private static long sizeOf(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            return buffer.remaining();
        }
        // numbers are written in at most 8 bytes, text as UTF-8
        return Math.max(8, value.toString().getBytes(StandardCharsets.UTF_8).length);
    }

    private static byte[] bytes(Object body) {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The dead-letter endpoint's maxRequestSize, else the Kafka producer's default. */
    private int maxRequestSize() {
        KafkaConfiguration kafka = sendStep();
        return kafka != null && kafka.getMaxRequestSize() != null ? kafka.getMaxRequestSize() : DEFAULT_MAX_REQUEST_SIZE;
    }

    private String topic() {
        KafkaConfiguration kafka = sendStep();
        return kafka != null && kafka.getTopic() != null ? kafka.getTopic() : topic;
    }

    /**
     * The configuration of the Kafka endpoint the route's send step ({@link #SEND_STEP_ID}) writes to, as the route
     * file gives it (a live edit included); null where that step is not a Kafka send (a test's stand-in).
     */
    private KafkaConfiguration sendStep() {
        Processor step = context.getProcessor(SEND_STEP_ID);
        if (step instanceof EndpointAware send && send.getEndpoint() instanceof KafkaEndpoint kafka) {
            return kafka.getConfiguration();
        }
        return null;
    }

    private Message toMessage(IndexBatch.Rejection rejection, String now) {
        Message source = rejection.record().getMessage();
        Message message = new DefaultMessage(context);
        message.setBody(source.getBody());
        copySourceHeaders(rejection.record(), message);
        // the key as consumed: bytes (routes/indexer.camel.yaml reads it with the ByteArrayDeserializer), written back as they were
        Object key = source.getHeader(KafkaConstants.KEY);
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        Long timestamp = source.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        if (timestamp != null && timestamp >= 0) {
            // only as a header: the dead letter's own timestamp is the producer's (the time of dead-lettering), so
            // kafka.dlq-retention counts from then and a broker's log.message.timestamp.before.max.ms never refuses it
            message.setHeader(DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(timestamp).toString());
        }
        message.setHeader(DeadLetterHeaders.REASON, rejection.reason().code());
        message.setHeader(DeadLetterHeaders.ERROR_CLASS, rejection.errorClass());
        message.setHeader(DeadLetterHeaders.ERROR_MESSAGE, rejection.message());
        message.setHeader(DeadLetterHeaders.SOURCE_TOPIC, header(rejection.record(), KafkaConstants.TOPIC));
        message.setHeader(DeadLetterHeaders.SOURCE_PARTITION, header(rejection.record(), KafkaConstants.PARTITION));
        message.setHeader(DeadLetterHeaders.SOURCE_OFFSET, header(rejection.record(), KafkaConstants.OFFSET));
        message.setHeader(DeadLetterHeaders.FAILED_AT, now);
        message.setHeader(DeadLetterHeaders.ATTEMPTS, Integer.toString(rejection.attempts()));
        return message;
    }

    /**
     * The source record's own Kafka headers, byte for byte, from the raw record headers camel-kafka puts on each
     * consumed record ({@code kafka.HEADERS}); a replayed record's {@code clickstream.replay.count} is one of them, so
     * {@code dlq.replay.max-replays} can stop a record that never succeeds. Not copied: {@code dlq.*} (this publisher
     * writes those) and what camel-kafka's producer would drop anyway ({@code kafka.*}, {@code Camel*}, a header
     * with a null value). A header name repeated in the source record arrives once, with its last value (Camel
     * headers are a map).
     */
    private static void copySourceHeaders(Exchange record, Message message) {
        Headers headers = record.getMessage().getHeader(KafkaConstants.HEADERS, Headers.class);
        if (headers == null) {
            return;
        }
        for (Header header : headers) {
            String name = header.key();
            if (name.startsWith(DeadLetterHeaders.PREFIX) || header.value() == null
                    || CAMEL_KAFKA_HEADERS.applyFilterToCamelHeaders(name, header.value(), record)) {
                continue;
            }
            message.setHeader(name, header.value());
        }
    }

    private static String header(Exchange record, String name) {
        Object value = record.getMessage().getHeader(name);
        return value == null ? "" : value.toString();
    }

    /** The dead-letter topic could not be written for now (a retriable Kafka error): retried, never skipped. */
    public static class DeadLetterException extends RuntimeException {
        public DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The dead-letter topic cannot be written until a setting, the topic or an ACL changes: not retried. The Kafka
     * error is a suppressed exception, not the cause: Camel picks an error policy by the innermost cause first, and
     * this must get its own policy (routes/error-handling.camel.yaml), not the one of the Kafka error's class.
     */
    public static class DeadLetterFatalException extends RuntimeException {
        public DeadLetterFatalException(String message, Throwable kafkaError) {
            super(message);
            addSuppressed(kafkaError);
        }
    }

    /**
     * One record going out: the rejection it is for, the message written, and why the broker or producer refused it
     * as too large (null until then).
     */
    private record Outgoing(IndexBatch.Rejection rejection, Message message, Throwable failure) {
        Outgoing(IndexBatch.Rejection rejection, Message message) {
            this(rejection, message, null);
        }
    }

    /**
     * One run of the dead-letter route for a batch (exchange property {@link #SENDING}): how many rejections it
     * settles once written, the sends still to make, and the one in flight with its record exchanges.
     */
    private static final class Sending {
        final int settled;
        final Deque<List<Outgoing>> queue = new ArrayDeque<>();
        List<Outgoing> inFlight = List.of();
        List<Exchange> records = List.of();

        Sending(int settled) {
            this.settled = settled;
        }
    }

    /** Where a dead-lettered record came from; with its timestamp, so a re-created topic's offset 0 is not taken for the old one. */
    private record SourcePosition(String topic, String partition, String offset, String timestamp) {
        static SourcePosition of(Exchange record) {
            return new SourcePosition(header(record, KafkaConstants.TOPIC), header(record, KafkaConstants.PARTITION),
                    header(record, KafkaConstants.OFFSET), header(record, KafkaConstants.TIMESTAMP));
        }
    }
}
