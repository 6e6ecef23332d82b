package clickstream.it;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/** Plain kafka-clients access for tests: produce known records, read a topic, compare committed and end offsets. */
public final class KafkaTestClient {

    private final String brokers;

    public KafkaTestClient(String brokers) {
        this.brokers = brokers;
    }

    /**
     * Creates the topic (6 partitions, as the app would) if it is missing and waits until every partition's leader
     * answers: a topic created a moment ago (or a broker just restarted) answers NOT_LEADER_OR_FOLLOWER for a while,
     * and an idempotent producer's retries of that can expire its batches.
     */
    public void awaitWritable(String topic) throws Exception {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                try {
                    admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 6, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
                        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
                        admin.listOffsets(latest).all().get(10, java.util.concurrent.TimeUnit.SECONDS);
                        return true;
                    });
        }
    }

    /** Sends every (key, value) and waits for each acknowledgement. */
    public void produce(String topic, List<Map.Entry<String, byte[]>> records) throws Exception {
        awaitWritable(topic);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Map.Entry<String, byte[]> record : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    /** Sends records as given (headers included) and waits for each acknowledgement. */
    public void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        send(records, new StringSerializer());
    }

    /** Sends records with keys as raw bytes (headers and timestamps as given) and waits for each acknowledgement. */
    public void sendRaw(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        send(records, new ByteArraySerializer());
    }

    private <K> void send(List<ProducerRecord<K, byte[]>> records, Serializer<K> keySerializer) throws Exception {
        for (String topic : records.stream().map(ProducerRecord::topic).distinct().toList()) {
            awaitWritable(topic);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<K, byte[]> producer = new KafkaProducer<>(props, keySerializer, new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<K, byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    /** Everything on the topic from the beginning, read until {@code expected} records arrived or the time is up. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected, Duration timeout) {
        return readAll(topic, expected, timeout, new StringDeserializer());
    }

    /** As {@link #readAll(String, int, Duration)}, keys as raw bytes. */
    public List<ConsumerRecord<byte[], byte[]>> readAllRaw(String topic, int expected, Duration timeout) {
        return readAll(topic, expected, timeout, new ByteArrayDeserializer());
    }

    private <K> List<ConsumerRecord<K, byte[]>> readAll(String topic, int expected, Duration timeout,
            Deserializer<K> keyDeserializer) {
        Properties props = new Properties();
        props.put("bootstrap.servers", brokers);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("group.id", "test-reader-" + System.nanoTime());
        List<ConsumerRecord<K, byte[]>> result = new ArrayList<>();
        try (KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(props, keyDeserializer, new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (result.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(result::add);
            }
        }
        return result;
    }

    /** Sum over partitions of the log end offsets: the number of records ever written to a fresh topic. */
    public long endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            Collection<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            ListOffsetsResult offsets = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
            long sum = 0;
            for (TopicPartition partition : partitions) {
                sum += offsets.partitionResult(partition).get().offset();
            }
            return sum;
        }
    }

    /** Sum of the group's committed offsets on the topic. */
    public long committed(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** The group's committed offset of each partition of the topic that has one (partition -> next offset to read). */
    public Map<Integer, Long> committedByPartition(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a,
                            java.util.TreeMap::new));
        }
    }

    public int partitions(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    /** Creates the topic with these topic configs (e.g. max.message.bytes) and waits until it is writable. */
    public void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)
                    .configs(configs))).all().get();
        }
        awaitWritable(topic);
    }

    /** An admin client on the shared broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put("bootstrap.servers", brokers);
        return Admin.create(props);
    }

    /** A consumer group as the broker sees it: its state and the partitions of each member, one list per member. */
    public record GroupAssignment(ConsumerGroupState state, List<List<TopicPartition>> members) {
        /** Stable, with {@code count} members that each own at least one partition. */
        public boolean stableWithBusyMembers(int count) {
            return state == ConsumerGroupState.STABLE && members.size() == count
                    && members.stream().noneMatch(List::isEmpty);
        }
    }

    public GroupAssignment groupAssignment(String group) throws Exception {
        try (Admin admin = admin()) {
            return groupAssignment(admin, group);
        }
    }

    /** With an admin client of the caller's, for looks every few milliseconds. */
    public static GroupAssignment groupAssignment(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        List<List<TopicPartition>> members = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            members.add(List.copyOf(member.assignment().topicPartitions()));
        }
        return new GroupAssignment(description.state(), members);
    }

    /** A header a test expects on a record, as UTF-8 text (fails the test when it is missing). */
    public static String requiredHeader(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        org.assertj.core.api.Assertions.assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Produces the events as the generator route does: key = user_id, value = the event's JSON. */
    public void produceEvents(String topic, List<ClickEvent> events) throws Exception {
        produce(topic, events.stream()
                .map(e -> (Map.Entry<String, byte[]>) new AbstractMap.SimpleEntry<>(e.userId(), ClickEventJson.toBytes(e)))
                .toList());
    }
}
