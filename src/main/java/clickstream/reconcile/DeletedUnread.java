package clickstream.reconcile;

import clickstream.observe.ConsumerLag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Records deleted before a consumer group read them: the partition's earliest offset (log start, moved by retention
 * or a delete-records call) has passed the offset the group committed, so offsets {@code committed} up to
 * {@code logStart - 1} are gone and the group, resetting to the log start, skips them without an error.
 *
 * <p>Seen only while it lasts: once the group's consumer has jumped to the log start and committed again, the
 * offsets no longer show it. {@link ConsumerLag} samples it every {@code dashboard.sample-interval} and logs each
 * one it sees; the reconciliation ({@code clickstream.reconcile.Reconciler}) reports it when run.
 */
public record DeletedUnread(TopicPartition partition, long committed, long logStart) {

    /** How many records were deleted unread. */
    public long count() {
        return logStart - committed;
    }

    /** One line naming the partition and the offsets. */
    public String describe() {
        return String.format("%s: offsets %d..%d (%,d records) deleted before the group committed them", partition,
                committed, logStart - 1, count());
    }

    /** The partitions whose log start has passed the committed offset; partitions never committed are not judged. */
    public static List<DeletedUnread> find(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> logStart) {
        List<DeletedUnread> found = new ArrayList<>();
        committed.forEach((partition, offset) -> {
            Long start = logStart.get(partition);
            if (offset != null && start != null && start > offset) {
                found.add(new DeletedUnread(partition, offset, start));
            }
        });
        found.sort(Comparator.comparing((DeletedUnread d) -> d.partition().topic())
                .thenComparingInt(d -> d.partition().partition()));
        return List.copyOf(found);
    }
}
