package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;

/**
 * Scale-out as the clickstream-indexer Integration does it with replicas: two indexer instances with the same
 * settings (same consumer group, topic and index prefix; generator off) share the topic's partitions, each does
 * part of the work, and together they index every event exactly once.
 */
class ScaleOutIT extends PipelineTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutIT.class);
    private static final int EVENTS = 6000;

    @Test
    void twoIndexersInOneGroupShareThePartitionsAndIndexEveryEventOnce() throws Exception {
        TestNames names = names("scale-out");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        // one consumer thread per instance, so the group's two members are the two instances
        props.put("indexer.consumers", "1");
        // the same settings but the HTTP port: each instance serves its own page and health endpoints
        Map<String, String> secondProps = new java.util.LinkedHashMap<>(props);
        secondProps.put("http.port", String.valueOf(clickstream.embedded.Ports.freePort()));
        try (RunningApp first = startApp(props); RunningApp second = startApp(secondProps)) {
            int partitions = kafka.partitions(names.topic());
            assertThat(partitions).isEqualTo(6);
            // both hold partitions before any record exists, so no rebalance moves records between them mid-test
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.groupAssignment(names.group()).members(), a -> a.size() == 2 && a.stream().noneMatch(List::isEmpty));
            List<List<TopicPartition>> assignments = kafka.groupAssignment(names.group()).members();
            List<TopicPartition> all = assignments.stream().flatMap(List::stream).toList();
            assertThat(all).as("the two members' partitions: disjoint, all of the topic").doesNotHaveDuplicates().hasSize(partitions);

            List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(11), Clock.systemUTC()).next(EVENTS);
            kafka.produceEvents(names.topic(), events);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> first.metrics().consumed() + second.metrics().consumed() >= EVENTS
                            && search.count(names.indexPattern()) >= EVENTS);

            LOG.info("scale-out: first instance consumed {}, second {}, of {}", first.metrics().consumed(),
                    second.metrics().consumed(), EVENTS);
            // each did part of the work, and no record went to both
            assertThat(first.metrics().consumed()).as("records the first instance consumed").isPositive();
            assertThat(second.metrics().consumed()).as("records the second instance consumed").isPositive();
            assertThat(first.metrics().consumed() + second.metrics().consumed()).isEqualTo(EVENTS);
            assertThat(first.metrics().deadLettered() + second.metrics().deadLettered()).isZero();

            Set<String> expected = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
            assertThat(search.count(names.indexPattern())).isEqualTo(EVENTS);
            assertThat(search.ids(names.indexPattern())).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.committed(names.group(), names.topic()) == kafka.endOffsets(names.topic()));
        }
    }
}
