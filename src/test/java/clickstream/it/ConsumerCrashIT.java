package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;

/**
 * The indexer as its own process, killed with SIGKILL inside a batch, then stopped with SIGTERM mid-stream, then run to
 * the end: no partition is ever committed past what is indexed, every event is indexed exactly once and the counts
 * reconcile.
 */
class ConsumerCrashIT extends PipelineTestSupport {

    private static final int EVENTS = 30_000;

    @Test
    void killedAndStoppedIndexersLoseAndDuplicateNothing() throws Exception {
        TestNames names = names("crash");
        List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(11), Clock.systemUTC())
                .next(EVENTS);
        kafka.produceEvents(names.topic(), events);
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        // small batches: many commits, many batches to land a kill in
        props.put("indexer.max-poll-records", "250");

        // SIGKILL until one lands inside a batch: indexed but not yet committed, the moment a crash could lose or
        // duplicate; with small batches nearly every kill does, and each kill is checked rather than assumed
        boolean killedInsideABatch = false;
        for (int attempt = 1; attempt <= 3 && !killedInsideABatch; attempt++) {
            long before = Math.max(0, search.count(names.indexPattern()));
            try (ChildApp first = ChildApp.start("crash-1-" + attempt, props)) {
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> search.count(names.indexPattern()) >= before + 3_000 || !first.isAlive());
                assertThat(first.isAlive()).as("first indexer still running; its output:%n%s", first.output()).isTrue();
                first.kill();
            }
            Map<Integer, Long> committed = kafka.committedByPartition(names.group(), names.topic());
            search.count(names.indexPattern()); // refresh
            Set<String> indexed = search.ids(names.indexPattern());
            TopicLedger topic = TopicLedger.read(kafka, names.topic());
            assertThat(indexed).as("killed mid-stream").hasSizeLessThan(EVENTS);
            assertThat(topic.committedButNotIndexed(committed, indexed, Set.of()))
                    .as("records committed but not indexed after SIGKILL").isEmpty();
            Map<Integer, Long> ahead = topic.indexedButNotCommitted(committed, indexed);
            System.out.printf("ConsumerCrashIT: SIGKILL %d: indexed but not committed per partition %s%n", attempt, ahead);
            killedInsideABatch = !ahead.isEmpty();
        }
        assertThat(killedInsideABatch).as("a SIGKILL landed between a batch's indexing and its commit").isTrue();

        try (ChildApp second = ChildApp.start("crash-2", props)) {
            long before = search.count(names.indexPattern());
            await().atMost(Duration.ofMinutes(3)).until(() -> search.count(names.indexPattern()) >= before + 3_000
                    || !second.isAlive());
            long committedBefore = kafka.committed(names.group(), names.topic());
            int exit = second.terminate(30, TimeUnit.SECONDS);
            assertThat(exit).as("SIGTERM: exit code within 30 s (-1 = still running); output:%n%s", second.output()).isZero();
            // the stop committed what it had indexed, and nothing beyond it: per partition, every record below the
            // committed offset is indexed
            assertThat(kafka.committed(names.group(), names.topic())).isGreaterThanOrEqualTo(committedBefore);
            search.count(names.indexPattern()); // refresh
            assertThat(TopicLedger.read(kafka, names.topic()).committedButNotIndexed(
                    kafka.committedByPartition(names.group(), names.topic()), search.ids(names.indexPattern()), Set.of()))
                    .as("records committed but not indexed after SIGTERM").isEmpty();
        }

        try (ChildApp third = ChildApp.start("crash-3", props)) {
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> search.count(names.indexPattern()) == EVENTS
                            && kafka.committed(names.group(), names.topic()) == EVENTS);
        }

        // produced = distinct indexed + dead-lettered, duplicates = 0
        Set<String> expected = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        assertThat(kafka.endOffsets(names.topic())).isEqualTo(EVENTS);
        assertThat(search.count(names.indexPattern())).isEqualTo(EVENTS);
        assertThat(search.ids(names.indexPattern())).isEqualTo(expected);
        assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
    }
}
