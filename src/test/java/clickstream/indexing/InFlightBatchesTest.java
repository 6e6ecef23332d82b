package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The in-flight window of one consumer thread (this test's thread plays the poll thread): batches run on workers
 * while the consumer has more to read, at most two unfinished, committed oldest first and never past one that failed;
 * a caught-up consumer waits for all of them; revocation finishes and commits them. Route {@code index-batch} is a
 * stand-in that settles each batch when the test releases it.
 */
@Timeout(60)
class InFlightBatchesTest {

    private static final TopicPartition PARTITION = new TopicPartition("clickstream", 0);

    private final List<String> commits = Collections.synchronizedList(new ArrayList<>());
    /** Per batch (its first offset): released = the stand-in route finishes it; failing ones fail. */
    private final Map<Long, CountDownLatch> release = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> fails = new ConcurrentHashMap<>();
    /** Batches the stand-in route leaves pending, as a route edit that skips the bulk step would. */
    private final Map<Long, Boolean> unsettled = new ConcurrentHashMap<>();
    /** Kafka refuses commits while the consumer rejoins its group (a cooperative rebalance's second round). */
    private volatile boolean rebalancing;
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private DefaultCamelContext context;
    private InFlightBatches inFlight;
    private BatchOffsetCommitter committer;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(InFlightBatches.INDEX_BATCH_ENDPOINT).routeId(InFlightBatches.INDEX_BATCH_ROUTE).process(exchange -> {
                    IndexBatch batch = IndexBatch.of(exchange);
                    long first = batch.records().get(0).getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
                    release.computeIfAbsent(first, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS);
                    if (fails.getOrDefault(first, false)) {
                        throw new IllegalStateException("batch at " + first + " failed");
                    }
                    if (unsettled.getOrDefault(first, false)) {
                        return;
                    }
                    batch.sending(batch.pending().size(), 0);
                    batch.indexed(batch.pending().size());
                    batch.retryOnly(List.of());
                });
            }
        });
        context.start();
        inFlight = new InFlightBatches(context, 2, 1);
        committer = new BatchOffsetCommitter(inFlight);
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.seek(PARTITION, 0);
        inFlight.subscribed(consumer);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void whileThereIsMoreToReadTheConsumerPollsOnAndCommitsInOffsetOrder() {
        moreToRead(true);
        pollAndHandOver(0);
        assertThat(commits).as("batch 0 is still in flight and the poll thread polls on").isEmpty();
        release(10); // the newer batch finishes first
        Exchange second = handOver(10);
        releaseLater(0);
        // two unfinished: the commit step waits for the oldest, then commits both, oldest first
        committer.commit(second);
        assertThat(second.getException()).isNull();
        assertThat(commits).containsExactly("released 0", "0@1", "0@11");
    }

    @Test
    void aFailedBatchFailsTheCommitStepAndNothingAfterItIsCommitted() {
        moreToRead(true);
        pollAndHandOver(0);
        fails.put(0L, true);
        release(0);
        release(10);
        Exchange second = handOver(10);
        committer.commit(second);

        assertThat(second.getException()).hasMessageContaining("batch at 0 failed");
        assertThat(second.getExchangeExtension().isRedeliveryExhausted()).as("its route applied the policy already").isTrue();
        assertThat(commits).isEmpty();

        // camel-kafka reads again from the last commit: the consumer forgets what it had in flight
        moreToRead(false);
        release(0);
        fails.remove(0L);
        Exchange again = handOver(0);
        committer.commit(again);
        assertThat(again.getException()).isNull();
        assertThat(commits).containsExactly("0@1");
    }

    @Test
    void aConsumerThatHasCaughtUpWaitsForAllItsBatchesBeforePollingAgain() {
        moreToRead(true);
        pollAndHandOver(0);
        moreToRead(false);
        releaseLater(0);
        release(10);
        Exchange last = handOver(10); // run on this thread: it has caught up
        committer.commit(last);
        assertThat(commits).containsExactly("released 0", "0@1", "0@11");
    }

    @Test
    void revokedPartitionsAreReleasedOnlyOnceTheBatchesInFlightAreCommitted() {
        moreToRead(true);
        pollAndHandOver(0);
        releaseLater(0);
        committer.commitBeforeRevocation();
        assertThat(commits).containsExactly("released 0", "0@1");
    }

    @Test
    void aCommitRefusedDuringACooperativeRebalanceWaitsForTheNextCommitStep() {
        rebalanceWhileReading();
        release(10);
        Exchange second = handOver(10);
        committer.commit(second);
        // no failure (no retry back-off, no reconnect that would leave the group), nothing committed yet
        assertThat(second.getException()).isNull();
        assertThat(commits).isEmpty();

        rebalancing = false; // the next poll rejoined the group
        moreToRead(false);
        release(20);
        Exchange third = handOver(20);
        committer.commit(third);
        assertThat(third.getException()).isNull();
        assertThat(commits).containsExactly("0@1", "0@11", "0@21");
    }

    @Test
    void aCommitRefusedByTheLastRebalanceBeforeTheTopicWentQuietIsMadeWhenTheRebalanceCompletes() {
        rebalanceWhileReading();
        moreToRead(false); // the topic goes quiet: batch 10 is the last, no commit step comes after it
        release(10);
        Exchange last = handOver(10);
        committer.commit(last);
        assertThat(last.getException()).isNull();
        assertThat(commits).isEmpty();

        committer.commitAfterRebalance(); // refused again: the next rebalance began, its end will call again
        assertThat(commits).isEmpty();

        rebalancing = false; // the consumer's poll rejoined the group: onPartitionsAssigned
        committer.commitAfterRebalance();
        assertThat(commits).containsExactly("0@1", "0@11");
    }

    @Test
    void aConsumerThatHasCaughtUpSettlesWhatIsInFlightWhenItsCommitIsDeferred() {
        rebalanceWhileReading();
        pollAndHandOver(10); // batch 0's commit refused; batch 10 still running
        moreToRead(false);
        release(20);
        Exchange last = handOver(20);
        releaseLater(10);
        committer.commit(last);
        assertThat(last.getException()).isNull();
        assertThat(commits).as("the step waited for batch 10").containsExactly("released 10");

        rebalancing = false;
        committer.commitAfterRebalance();
        assertThat(commits).containsExactly("released 10", "0@1", "0@11", "0@21");
    }

    @Test
    void whileItsCommitsAreDeferredAConsumerStillHasNoMoreBatchesInFlightThanItsLimit() {
        rebalanceWhileReading();
        pollAndHandOver(10); // batch 0's commit refused; batch 10 running: one unfinished, the limit is two
        Exchange third = handOver(20);
        releaseLater(10);
        committer.commit(third);
        assertThat(third.getException()).isNull();
        assertThat(commits).as("batches 10 and 20 unfinished: the step waited for 10").containsExactly("released 10");

        rebalancing = false;
        moreToRead(false);
        release(20);
        release(30);
        Exchange last = handOver(30);
        committer.commit(last);
        assertThat(commits).containsExactly("released 10", "0@1", "0@11", "0@21", "0@31");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aConsumerThatHasCaughtUpFailsTheStepWhenABatchAfterADeferredCommitFailedOrIsUnsettled(boolean failed) {
        rebalanceWhileReading();
        (failed ? fails : unsettled).put(10L, true);
        pollAndHandOver(10);
        moreToRead(false);
        release(20);
        Exchange last = handOver(20);
        release(10);
        committer.commit(last);
        assertThat(last.getException()).hasMessageContaining(failed ? "batch at 10 failed" : "pending");

        rebalancing = false;
        committer.commitAfterRebalance();
        assertThat(commits).as("nothing past batch 10").containsExactly("0@1");
    }

    @Test
    void recordsOfAPartitionRevokedMeanwhileAreNotCommittedByTheirFormerOwner() {
        moreToRead(false);
        release(0);
        Exchange batch = handOver(0);
        consumer.assign(List.of(new TopicPartition(PARTITION.topic(), PARTITION.partition() + 1)));
        committer.commit(batch);
        assertThat(batch.getException()).isNull();
        assertThat(commits).isEmpty();
    }

    /** A cooperative rebalance is under way while the consumer reads on: batch 0 is handed over, Kafka refuses commits. */
    private void rebalanceWhileReading() {
        moreToRead(true);
        rebalancing = true;
        release(0);
        pollAndHandOver(0);
    }

    /** Finishes batch {@code first} from another thread, a moment from now (noted in the timeline first). */
    private void releaseLater(long first) {
        CompletableFuture.runAsync(() -> {
            commits.add("released " + first);
            release(first);
        }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
    }

    private void moreToRead(boolean more) {
        consumer.updateEndOffsets(Map.of(PARTITION, more ? 1_000L : 0L));
    }

    private void release(long first) {
        release.computeIfAbsent(first, k -> new CountDownLatch(1)).countDown();
    }

    /** One poll: a batch of two records from {@code first}, handed over, then the commit step. */
    private void pollAndHandOver(long first) {
        Exchange exchange = handOver(first);
        committer.commit(exchange);
        assertThat(exchange.getException()).isNull();
    }

    private Exchange handOver(long first) {
        List<Exchange> records = List.of(record(first), record(first + 1));
        Exchange exchange = new DefaultExchange(context);
        IndexBatch batch = new IndexBatch(records);
        for (Exchange record : records) {
            batch.accept(record, new ValidEvent("id-" + record.getMessage().getHeader(KafkaConstants.OFFSET), "2026-12-03",
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        exchange.setProperty(IndexBatch.PROPERTY, batch);
        exchange.getMessage().setBody(batch.pending());
        inFlight.dispatch(exchange);
        return exchange;
    }

    private Exchange record(long offset) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.TOPIC, PARTITION.topic());
        record.getMessage().setHeader(KafkaConstants.PARTITION, PARTITION.partition());
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        KafkaManualCommit commit = () -> {
            if (rebalancing) {
                throw new RebalanceInProgressException("Offset commit cannot be completed since the consumer is "
                        + "undergoing a rebalance for auto partition assignment");
            }
            commits.add(PARTITION.partition() + "@" + offset);
        };
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        return record;
    }
}
