package clickstream.observe;

import clickstream.reconcile.DeletedUnread;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the indexer's consumer group is behind: end offsets − committed offsets of the event topic, summed over
 * partitions (a partition the group never committed counts from its earliest offset). Computed by the
 * {@code dashboard-sampler} timer route, at most every few seconds, and read from the cache by the page and by the
 * {@code clickstream_consumer_lag} gauge, so neither ever waits on Kafka. The same sample finds the partitions
 * whose records were deleted before the group read them ({@link DeletedUnread}, read by
 * {@link RetentionHealthCheck}), and logs an ERROR the first time it sees each.
 */
public final class ConsumerLag extends ServiceSupport {

    /**
     * The last computed value; {@code lag} is null while unknown (Kafka unreachable, topic missing), and
     * {@code deletedUnread} is then empty.
     */
    public record Snapshot(Long lag, List<DeletedUnread> deletedUnread, Instant at, String error) {
    }

    private static final long TIMEOUT_MS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);

    private final Properties adminProperties;
    private final String group;
    private final String topic;
    private final Clock clock;
    private volatile Snapshot latest;
    private Admin admin;

    public ConsumerLag(Properties adminProperties, String group, String topic, Clock clock) {
        this.adminProperties = new Properties();
        this.adminProperties.putAll(adminProperties);
        // fail fast when Kafka is away: the sampler comes back a few seconds later anyway
        this.adminProperties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        this.adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        this.adminProperties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "clickstream-lag");
        this.group = group;
        this.topic = topic;
        this.clock = clock;
        this.latest = new Snapshot(null, List.of(), clock.instant(), "not computed yet");
    }

    public String group() {
        return group;
    }

    public String topic() {
        return topic;
    }

    public Snapshot latest() {
        return latest;
    }

    /** The lag, or NaN while unknown (for the gauge). */
    public double value() {
        Long lag = latest.lag();
        return lag == null ? Double.NaN : lag;
    }

    /** Route step of the sampler: recompute now; a failure is remembered, never thrown. */
    public synchronized void refresh() {
        Snapshot previous = latest;
        try {
            latest = compute(admin());
        } catch (Exception e) {
            latest = new Snapshot(null, List.of(), clock.instant(), e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        for (DeletedUnread gap : latest.deletedUnread()) {
            if (!previous.deletedUnread().contains(gap)) {
                LOG.error("Records of {} were deleted before consumer group {} read them (retention or delete-records): {}",
                        topic, group, gap.describe());
            }
        }
    }

    private Snapshot compute(Admin client) throws Exception {
        TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> committedOffsets = new HashMap<>();
        committed.forEach((tp, om) -> {
            if (om != null && topic.equals(tp.topic())) {
                committedOffsets.put(tp, om.offset());
            }
        });
        Map<TopicPartition, Long> end = offsets(client, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> earliest = offsets(client, partitions, OffsetSpec.earliest());
        return new Snapshot(lag(end, committedOffsets, earliest), DeletedUnread.find(committedOffsets, earliest),
                clock.instant(), null);
    }

    private static Map<TopicPartition, Long> offsets(Admin client, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, ListOffsetsResultInfo> result = client
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)))
                .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Σ over partitions of end − (committed, else earliest), never negative. */
    static long lag(Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> earliest) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            Long position = committed.get(entry.getKey());
            if (position == null) {
                position = earliest.getOrDefault(entry.getKey(), 0L);
            }
            total += Math.max(0, entry.getValue() - position);
        }
        return total;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    @Override
    protected synchronized void doStop() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }
}
