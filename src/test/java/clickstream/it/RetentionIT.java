package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.config.Settings;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.connect.TopicProvisioner;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.reconcile.DeletedUnread;
import clickstream.observe.RetentionHealthCheck;
import clickstream.reconcile.Reconciler;
import clickstream.reconcile.Reconciliation;

/**
 * Retention cannot eat records unnoticed: the dead-letter topic is created with kafka.dlq-retention (an existing one
 * is only warned about), and records deleted before the indexer's group read them make the reconciliation report a
 * loss and readiness DOWN, naming the partition.
 */
class RetentionIT extends PipelineTestSupport {

    @Test
    void theDeadLetterTopicGetsItsRetentionAndAnExistingOneIsWarnedAboutNotAltered() throws Exception {
        String topic = "it-retention-topics";
        String dlqTopic = topic + ".dlq";
        try (DefaultCamelContext context = new DefaultCamelContext(); Admin admin = kafka.admin()) {
            var properties = context.getPropertiesComponent();
            // the option the app's own clients read (application.properties sets it to {{kafka.brokers}})
            properties.addInitialProperty("camel.component.kafka.brokers", SHARED.brokers());
            properties.addInitialProperty("kafka.topic", topic);
            properties.addInitialProperty("kafka.dlq-topic", dlqTopic);
            properties.addInitialProperty("generator.truth-topic", topic + ".truth");
            properties.addInitialProperty("kafka.topic.partitions", "2");
            properties.addInitialProperty("kafka.topic.replication-factor", "1");
            properties.addInitialProperty("kafka.dlq-retention", "7h");
            new TopicProvisioner(context).ensureTopics();

            assertThat(retention(admin, dlqTopic).value()).isEqualTo(Long.toString(Duration.ofHours(7).toMillis()));
            assertThat(retention(admin, dlqTopic).source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            // the event topic keeps the broker's retention: only the dead-letter topic is ours to decide
            assertThat(retention(admin, topic).source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            for (String name : List.of(topic, dlqTopic)) {
                assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions())
                        .hasSize(2).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            }

            // started again with another retention: a WARN naming the topic, the two values and the key; no change
            properties.addInitialProperty("kafka.dlq-retention", "30d");
            try (LogCapture log = LogCapture.start()) {
                new TopicProvisioner(context).ensureTopics();
                assertThat(log.text()).contains("WARN clickstream.connect.TopicProvisioner - Dead-letter topic " + dlqTopic
                        + " exists with retention.ms 25200000, not 2592000000 (kafka.dlq-retention): left as it is");
            }
            assertThat(retention(admin, dlqTopic).value()).isEqualTo("25200000");
        }
    }

    @Test
    void recordsDeletedBeforeTheIndexerReadThemAreReportedNamingThePartition() throws Exception {
        TestNames names = names("retention");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("dashboard.sample-interval", "500ms");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        TopicPartition partition = new TopicPartition(names.topic(), 0);
        List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(9), Clock.systemUTC()).next(20);

        try (RunningApp app = startApp(props); Admin admin = kafka.admin(); LogCapture log = LogCapture.start()) {
            kafka.send(records(names.topic(), events.subList(0, 10)));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == 10);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "UP".equals(retentionCheck(http).path("status").asText()));

            // the indexer stands still (a stall) while retention deletes past its committed offset 10: 10..14 unread
            app.context().getRouteController().stopRoute("indexer");
            kafka.send(records(names.topic(), events.subList(10, 20)));
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(15))).all().get();

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "DOWN".equals(retentionCheck(http).path("status").asText()));
            JsonNode check = retentionCheck(http);
            String gap = names.topic() + "-0: offsets 10..14 (5 records) deleted before the group committed them";
            assertThat(check.path("message").asText()).contains(gap);
            assertThat(check.path("data").path("deleted-unread." + names.topic() + "-0").asText()).isEqualTo(gap);
            assertThat(http.get("/observe/health/ready").status()).isEqualTo(503);
            assertThat(log.text()).contains("ERROR clickstream.observe.ConsumerLag - Records of " + names.topic()
                    + " were deleted before consumer group " + names.group() + " read them (retention or delete-records): " + gap);

            try (Reconciler reconciler = Reconciler.create(app.context())) {
                Reconciliation books = reconciler.reconcile(Reconciler.Scope.of(Settings.of(app.context())), OptionalLong.of(0));
                assertThat(books.deletedUnread()).containsExactly(new DeletedUnread(partition, 10, 15));
                assertThat(books.balanced()).isFalse();
                assertThat(books.table()).containsPattern("deleted before the indexer read them +5  LOST").contains(gap);
            }

            // once the indexer runs again its consumer jumps to the log start and commits past the gap: only the log
            // line and the report taken meanwhile still say what was lost
            app.context().getRouteController().startRoute("indexer");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == 20);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "UP".equals(retentionCheck(http).path("status").asText()));
            assertThat(search.count(names.indexPattern())).isEqualTo(15);
        }
    }

    private static List<ProducerRecord<String, byte[]>> records(String topic, List<ClickEvent> events) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (ClickEvent event : events) {
            records.add(new ProducerRecord<>(topic, 0, event.userId(), ClickEventJson.toBytes(event)));
        }
        return records;
    }

    private static JsonNode retentionCheck(AppHttp http) {
        for (JsonNode check : http.get("/observe/health/ready?exposureLevel=full&data=true").json().path("checks")) {
            if (RetentionHealthCheck.ID.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no health check " + RetentionHealthCheck.ID);
    }

    private static ConfigEntry retention(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(TopicConfig.RETENTION_MS_CONFIG);
    }
}
