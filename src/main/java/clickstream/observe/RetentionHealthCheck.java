package clickstream.observe;

import clickstream.reconcile.DeletedUnread;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness: DOWN while records of the event topic have been deleted (retention, delete-records) before the
 * indexer's consumer group read them, naming each partition and the offsets lost ({@link DeletedUnread}); that is
 * a silent loss the indexer itself never reports, because its consumer just resets to the log start. Reads the
 * latest {@link ConsumerLag} sample, so a probe never waits on Kafka; UP while the sample is unknown (the Kafka
 * consumer checks say when Kafka is unreachable).
 */
public final class RetentionHealthCheck extends ReadinessCheck {

    public static final String ID = "kafka-retention";

    private final ConsumerLag lag;

    public RetentionHealthCheck(ConsumerLag lag) {
        super(ID);
        this.lag = lag;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ConsumerLag.Snapshot snapshot = lag.latest();
        builder.detail("topic", lag.topic());
        builder.detail("group", lag.group());
        builder.detail("sampled.at", snapshot.at().toString());
        if (snapshot.error() != null) {
            builder.detail("sample.error", snapshot.error());
        }
        if (snapshot.deletedUnread().isEmpty()) {
            builder.up();
            return;
        }
        snapshot.deletedUnread().forEach(gap -> builder.detail("deleted-unread." + gap.partition(), gap.describe()));
        builder.message("records deleted before group " + lag.group() + " read them: " + snapshot.deletedUnread().stream()
                .map(DeletedUnread::describe).collect(Collectors.joining("; ")));
        builder.down();
    }
}
