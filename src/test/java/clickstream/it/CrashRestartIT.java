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
 * An indexer killed with SIGKILL mid-stream and started again gets its partitions back within 15 s of its routes
 * starting. The killed consumers never left the group, so the broker keeps them as members until their session
 * times out, and the new consumers' join waits for that (indexer.session-timeout-ms; kafka-clients' own default,
 * 45 s, made this about 40 s).
 */
class CrashRestartIT extends PipelineTestSupport {

    private static final int EVENTS = 40_000;
    private static final Duration RESUME_BOUND = Duration.ofSeconds(15);

    @Test
    void aKilledIndexerResumesWithinFifteenSecondsOfItsRestart() throws Exception {
        TestNames names = names("kill-restart");
        List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(13), Clock.systemUTC())
                .next(EVENTS);
        kafka.produceEvents(names.topic(), events);
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        // batches small enough that the restarted indexer's first commit follows its assignment closely
        props.put("indexer.max-poll-records", "500");

        Map<Integer, Long> atKill;
        try (ChildApp first = ChildApp.start("kill-restart-1", props)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> kafka.committed(names.group(), names.topic()) >= 5_000 || !first.isAlive());
            assertThat(first.isAlive()).as("first indexer still running; its output:%n%s", first.output()).isTrue();
            first.kill();
            // nothing of the dead process can commit any more
            atKill = kafka.committedByPartition(names.group(), names.topic());
        }
        long committedAtKill = atKill.values().stream().mapToLong(Long::longValue).sum();
        assertThat(committedAtKill).as("killed mid-stream, with work left for the restart").isLessThan(EVENTS - 5_000L);

        try (ChildApp second = ChildApp.start("kill-restart-2", props)) {
            long routesStarted = second.awaitRoutesStarted(Duration.ofMinutes(3));
            // indexing resumed = a partition's committed offset moved: a batch polled by the new process was indexed
            // and committed (the commit is the pipeline's last step, so this is the latest honest moment)
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !second.isAlive() || !kafka.committedByPartition(names.group(), names.topic()).equals(atKill));
            long resumed = System.nanoTime();
            assertThat(second.isAlive()).as("second indexer still running; its output:%n%s", second.output()).isTrue();

            Duration startUp = Duration.ofNanos(routesStarted - second.launchedNanos());
            Duration toResume = Duration.ofNanos(resumed - routesStarted);
            System.out.printf("CrashRestartIT: child start-up (launch -> routes started) %d ms; routes started -> first "
                    + "new commit %d ms; launch -> first new commit %d ms%n", startUp.toMillis(), toResume.toMillis(),
                    Duration.ofNanos(resumed - second.launchedNanos()).toMillis());
            assertThat(toResume).as("from the restarted indexer's routes starting to its first commit "
                    + "(start-up before that: %d ms)", startUp.toMillis()).isLessThanOrEqualTo(RESUME_BOUND);

            // and the restart goes on to the end: every event indexed exactly once, nothing dead-lettered
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.committed(names.group(), names.topic()) == EVENTS || !second.isAlive());
            assertThat(second.terminate(30, TimeUnit.SECONDS)).as("SIGTERM exit code; output:%n%s", second.output()).isZero();
        }
        Set<String> expected = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        assertThat(search.count(names.indexPattern())).isEqualTo(EVENTS);
        assertThat(search.ids(names.indexPattern())).isEqualTo(expected);
        assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
    }
}
