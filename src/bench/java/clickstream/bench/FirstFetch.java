package clickstream.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts a drain's clock when a consumer of its group first gets records from a poll: after the group join and the
 * partition assignment, which are not the drain's work. The same interceptor ({@code interceptor.classes}) serves the
 * app's consumers ({@code camel.component.kafka.interceptor-classes}, see {@link DrainPhase}) and the reference
 * consumer's, so both clocks start the same way. It is a producer interceptor too (a no-op) because the Camel kafka
 * component hands its {@code interceptor.classes} to the app's producers as well.
 */
public final class FirstFetch implements ConsumerInterceptor<Object, Object>, ProducerInterceptor<Object, Object> {

    private static final Map<String, Runnable> WAITING = new ConcurrentHashMap<>();

    private String group;

    /** Runs {@code action} once, on the consumer thread, when a consumer of {@code group} first gets records. */
    static void onFirstRecords(String group, Runnable action) {
        WAITING.put(group, action);
    }

    /** Forgets a group's action that never ran (a failed run). */
    static void forget(String group) {
        WAITING.remove(group);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(ConsumerConfig.GROUP_ID_CONFIG);
        group = id == null ? null : id.toString();
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        if (group != null && !records.isEmpty()) {
            Runnable action = WAITING.remove(group);
            if (action != null) {
                action.run();
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // nothing to time
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // nothing to time
    }

    @Override
    public void close() {
        // nothing held
    }
}
