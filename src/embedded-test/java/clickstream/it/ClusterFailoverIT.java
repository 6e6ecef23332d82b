package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import clickstream.embedded.EmbeddedKafkaBroker;
import clickstream.embedded.EmbeddedOpenSearchNode;

/**
 * Faults of a real cluster under load (issue 12): a 3-broker Kafka cluster and a 2-node OpenSearch cluster
 * ({@link SharedCluster}), the generator and two indexer instances ({@link ClusterPipeline}). Each test injects one
 * fault mid-stream, undoes it, and ends with a reconciliation: every record of the topic indexed (none
 * dead-lettered), every event_id exactly one document. Each prints how long the pipeline took to recover: from the
 * fault until everything produced before it was indexed and committed on every partition.
 *
 * <p>The tests share one pipeline (starting three more JVMs per test would double the run on 2 cores), in this order;
 * each reconciliation covers the whole topic so far, and the next test starts the generator again.
 * Tagged {@code cluster}: pom.xml runs these in a failsafe execution (and a JVM) of their own.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration NODE_DOWN = Duration.ofSeconds(30);
    /** Documents indexed after the (re)start before a fault: mid-stream, not at the start. */
    private static final int WARM_UP = 1_000;

    private static SharedCluster cluster;
    private static ClusterPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        cluster = SharedCluster.get();
        pipeline = ClusterPipeline.start(cluster, "failover");
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @BeforeEach
    void midStream() throws Exception {
        pipeline.awaitStreaming(WARM_UP);
    }

    @Test
    @Order(1)
    void stoppingThePartitionLeaderBrokerLosesAndDuplicatesNothing() throws Exception {
        EmbeddedKafkaBroker leader = cluster.kafka().broker(pipeline.leaderOf(0));
        Map<Integer, Long> mark = pipeline.endOffsetsNow();
        long fault = System.nanoTime();
        leader.stop();
        try {
            double recovered = pipeline.awaitCommittedPast(mark, fault, RECOVERY_TIMEOUT);
            assertThat(pipeline.leaderOf(0)).as("partition 0 has a new leader").isNotEqualTo(leader.nodeId());
            report("leader broker " + leader.nodeId() + " stopped", "backlog at the stop indexed after %.1f s", recovered);
        } finally {
            long restart = System.nanoTime();
            leader.start();
            await().atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(pipeline::fullyReplicated);
            report("leader broker " + leader.nodeId() + " restarted", "every partition fully in sync %.1f s later",
                    (System.nanoTime() - restart) / 1e9);
        }
        pipeline.stopAndReconcile();
    }

    @Test
    @Order(2)
    void anOpenSearchDataNodeDownForThirtySecondsLosesAndDuplicatesNothing() throws Exception {
        // node 2 holds data only (EmbeddedOpenSearchCluster): its primaries fail over to the replicas on node 1
        EmbeddedOpenSearchNode dataNode = cluster.openSearch().node(2);
        Map<Integer, Long> mark = pipeline.endOffsetsNow();
        long fault = System.nanoTime();
        dataNode.stop();
        try {
            double recovered = pipeline.awaitCommittedPast(mark, fault, RECOVERY_TIMEOUT);
            report("OpenSearch data node stopped", "backlog at the stop indexed by node 1 alone after %.1f s", recovered);
            long committedThen = pipeline.kafka().committed(pipeline.names().group(), pipeline.names().topic());
            // the rest of the 30 s: nothing is dead-lettered while the node is away, and indexing goes on
            Duration rest = NODE_DOWN.minusNanos(System.nanoTime() - fault);
            await().during(rest.isNegative() ? Duration.ofSeconds(1) : rest).atMost(NODE_DOWN.plusSeconds(30))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> pipeline.deadLetterRecords() == 0);
            assertThat(pipeline.kafka().committed(pipeline.names().group(), pipeline.names().topic()))
                    .as("indexing went on with one node").isGreaterThan(committedThen);
        } finally {
            long restart = System.nanoTime();
            dataNode.start();
            double caughtUp = pipeline.awaitCommittedPast(pipeline.endOffsetsNow(), restart, RECOVERY_TIMEOUT);
            await().atMost(RECOVERY_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> "green".equals(pipeline.search().get("/_cluster/health").path("status").asText()));
            report("OpenSearch data node restarted", "backlog at the restart indexed after %.1f s, cluster green "
                    + "after %.1f s", caughtUp, (System.nanoTime() - restart) / 1e9);
        }
        pipeline.stopAndReconcile();
    }

    @Test
    @Order(3)
    void killingOneIndexerHandsItsPartitionsToTheOtherAndLosesNothing() throws Exception {
        Map<Integer, Long> mark = pipeline.endOffsetsNow();
        long fault = System.nanoTime();
        pipeline.indexer(0).kill(); // SIGKILL: no commit, no leave; the group notices after the session timeout
        double takenOver = pipeline.awaitCommittedPast(mark, fault, RECOVERY_TIMEOUT);
        assertThat(pipeline.indexer(1).isAlive()).isTrue();
        report("indexer 1 killed (SIGKILL)", "indexer 2 had indexed the backlog of every partition after %.1f s",
                takenOver);

        long relaunch = System.nanoTime();
        pipeline.relaunchIndexer(0);
        double rejoined = pipeline.awaitCommittedPast(pipeline.endOffsetsNow(), relaunch, RECOVERY_TIMEOUT);
        report("indexer 1 relaunched", "started, rejoined and caught up after %.1f s", rejoined);
        pipeline.stopAndReconcile();
    }

    @Test
    @Order(4)
    void aRollingRestartOfBothIndexersUnderLoadLosesAndDuplicatesNothing() throws Exception {
        for (int i = 0; i < 2; i++) {
            Map<Integer, Long> mark = pipeline.endOffsetsNow();
            long stop = System.nanoTime();
            int exit = pipeline.indexer(i).terminate(60, TimeUnit.SECONDS); // SIGTERM: drain, commit, leave
            assertThat(exit).as("indexer %d exit code on SIGTERM (-1 = still running); output:%n%s", i + 1,
                    pipeline.indexer(i).output()).isZero();
            double handedOver = pipeline.awaitCommittedPast(mark, stop, RECOVERY_TIMEOUT);
            pipeline.relaunchIndexer(i);
            double back = pipeline.awaitCommittedPast(pipeline.endOffsetsNow(), stop, RECOVERY_TIMEOUT);
            report("indexer " + (i + 1) + " restarted (SIGTERM)", "backlog at the stop indexed by the other after "
                    + "%.1f s; relaunched and caught up %.1f s after the stop", handedOver, back);
        }
        pipeline.stopAndReconcile();
    }

    private static void report(String fault, String format, Object... seconds) {
        Object[] args = new Object[seconds.length + 1];
        args[0] = fault;
        System.arraycopy(seconds, 0, args, 1, seconds.length);
        System.out.printf("ClusterFailoverIT: %s: " + format + "%n", args);
    }
}
