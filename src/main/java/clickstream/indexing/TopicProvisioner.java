package clickstream.indexing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.app.ConfigurationException;
import clickstream.app.Settings;

/**
 * Creates the event topic and the dead-letter topic with {@code kafka.topic.partitions} partitions when they do not
 * exist yet. Partitions bound how many indexers of one consumer group can share the work; existing topics are
 * left as they are.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Settings settings;

    public TopicProvisioner(Settings settings) {
        this.settings = settings;
    }

    public void ensureTopics() {
        int partitions = settings.intValue("kafka.topic.partitions", 1, 10_000);
        List<String> wanted = List.of(settings.required("kafka.topic"), settings.required("kafka.dlq-topic"));
        try (Admin admin = Admin.create(KafkaClientConfig.admin(settings))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("Created topic {} with {} partitions", entry.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException("Could not reach Kafka at " + settings.required("kafka.brokers") + " to create topics ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "): check kafka.brokers and the kafka security settings", e);
        }
    }
}
