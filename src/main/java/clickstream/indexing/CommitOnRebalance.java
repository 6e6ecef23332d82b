package clickstream.indexing;

import java.util.Collection;

import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.DefaultSubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * camel-kafka's subscribe hook (the bean named {@value KafkaConstants#KAFKA_SUBSCRIBE_ADAPTER}, looked up by every
 * Kafka consumer of the app at each subscribe, on its poll thread): subscribes as camel-kafka would, and wraps its
 * rebalance listener so that before partitions are released (a rebalance, the route stopping) the consumer's batches
 * in flight finish and are committed ({@link BatchOffsetCommitter#commitBeforeRevocation()}), and so that once a
 * rebalance completes, the batches whose commit Kafka refused during it are committed too
 * ({@link BatchOffsetCommitter#commitAfterRebalance()}). It also tells {@link InFlightBatches} which Kafka consumer
 * each poll thread reads with, to know when it has caught up. Consumer threads without batches in flight (other
 * routes) are left as they were.
 */
public final class CommitOnRebalance implements SubscribeAdapter {

    private final InFlightBatches inFlight;
    private final BatchOffsetCommitter committer;
    private final SubscribeAdapter subscribe = new DefaultSubscribeAdapter();

    public CommitOnRebalance(InFlightBatches inFlight, BatchOffsetCommitter committer) {
        this.inFlight = inFlight;
        this.committer = committer;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener, TopicInfo topicInfo) {
        inFlight.subscribed(consumer);
        subscribe.subscribe(consumer, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    committer.commitBeforeRevocation();
                }
                listener.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                committer.commitAfterRebalance();
                listener.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                committer.batchesLost();
                listener.onPartitionsLost(partitions);
            }
        }, topicInfo);
    }
}
