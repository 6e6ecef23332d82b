package clickstream.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;

/**
 * Creates the event topic and the dead-letter topic when they do not exist yet: {@code kafka.topic.partitions}
 * partitions (they bound how many indexers of one consumer group share the work) and
 * {@code kafka.topic.replication-factor} replicas each, and the dead-letter topic with {@code kafka.dlq-retention}
 * as its {@code retention.ms}: it holds the only copy of a refused record, so it must not expire on the broker's
 * default (7 days). The generator's ground-truth topic ({@code generator.truth-topic}, a record per minute per generator)
 * gets one partition. Existing topics are never altered; one whose replication or dead-letter retention differs
 * from the settings is reported with a WARN.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final CamelContext context;
    private final Settings settings;

    /** Reaches Kafka with the brokers and security of the routes' {@code kafka:} endpoints ({@link KafkaClientConfig#admin}). */
    public TopicProvisioner(CamelContext context) {
        this.context = context;
        this.settings = Settings.of(context);
    }

    public void ensureTopics() {
        // every setting is checked before Kafka is asked anything, so a typo is one line naming the key
        int partitions = settings.get(SettingsCatalog.Kafka.PARTITIONS);
        short replicationFactor = settings.get(SettingsCatalog.Kafka.REPLICATION_FACTOR).shortValue();
        long dlqRetentionMs = retentionMs(settings);
        String topic = settings.get(SettingsCatalog.Kafka.TOPIC);
        String dlqTopic = settings.get(SettingsCatalog.Kafka.DLQ_TOPIC);
        String truthTopic = settings.get(SettingsCatalog.Generator.TRUTH_TOPIC);
        Properties adminProperties = KafkaClientConfig.admin(context);
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(topic, dlqTopic, truthTopic)) {
                if (existing.contains(name) || missing.stream().anyMatch(t -> t.name().equals(name))) {
                    continue;
                }
                NewTopic newTopic = new NewTopic(name, Optional.of(name.equals(truthTopic) ? 1 : partitions),
                        Optional.of(replicationFactor));
                if (name.equals(dlqTopic)) {
                    newTopic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(dlqRetentionMs)));
                }
                missing.add(newTopic);
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("Created topic {} with {} partitions, replication factor {}{}", entry.getKey(),
                            entry.getKey().equals(truthTopic) ? 1 : partitions,
                            replicationFactor, entry.getKey().equals(dlqTopic) ? ", retention.ms " + dlqRetentionMs : "");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> kept = List.of(topic, dlqTopic).stream().filter(existing::contains).toList();
            if (!kept.isEmpty()) {
                warnIfDifferent(admin, kept, dlqTopic, replicationFactor, dlqRetentionMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException("Could not reach Kafka at "
                    + adminProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " to create topics ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "): check kafka.brokers and the camel.component.kafka.* security options", e);
        }
    }

    /**
     * Topics that existed already are left alone (retention and replicas are the cluster owner's call), but a
     * difference from the settings is said once at start-up. A check that cannot run (no DescribeConfigs ACL) is a
     * WARN too, never a failed start.
     */
    private static void warnIfDifferent(Admin admin, List<String> topics, String dlqTopic, short replicationFactor,
            long dlqRetentionMs) throws InterruptedException {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription description : descriptions.values()) {
                int replicas = description.partitions().isEmpty() ? 0 : description.partitions().get(0).replicas().size();
                if (replicas != replicationFactor) {
                    LOG.warn("Topic {} exists with replication factor {}, not {} = {}: left as it is", description.name(),
                            replicas, SettingsCatalog.Kafka.REPLICATION_FACTOR.key(), replicationFactor);
                }
            }
            if (!topics.contains(dlqTopic)) {
                return;
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, dlqTopic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            ConfigEntry retention = config == null ? null : config.get(TopicConfig.RETENTION_MS_CONFIG);
            if (retention == null || retention.value() == null || Long.parseLong(retention.value()) != dlqRetentionMs) {
                LOG.warn("Dead-letter topic {} exists with retention.ms {}, not {} ({}): left as it is; a dead letter "
                        + "older than its retention is deleted (kafka-configs --alter --add-config retention.ms=... to change it)",
                        dlqTopic, retention == null ? "unknown" : retention.value(), dlqRetentionMs, SettingsCatalog.Kafka.DLQ_RETENTION.key());
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException | NumberFormatException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Could not check the replication and retention of the existing topics {} ({}: {})", topics,
                    cause.getClass().getSimpleName(), cause.getMessage());
        }
    }

    /**
     * {@code kafka.dlq-retention} as Kafka's {@code retention.ms}: {@code forever} (-1: never deleted by age), or a
     * duration read as every other duration setting is (ValueTypes.duration: 30d, 720h, 1h30m).
     */
    static long retentionMs(Settings settings) {
        return settings.get(SettingsCatalog.Kafka.DLQ_RETENTION).map(Duration::toMillis).orElse(-1L);
    }
}
