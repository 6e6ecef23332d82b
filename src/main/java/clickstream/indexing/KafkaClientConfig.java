package clickstream.indexing;

import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;

import clickstream.app.Settings;

/**
 * Kafka client properties for the project's own admin work (topic creation, reconciliation), built from the same
 * keys the Camel kafka component reads, so both reach the same cluster the same way.
 */
public final class KafkaClientConfig {

    private KafkaClientConfig() {
    }

    public static Properties admin(Settings settings) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.required("kafka.brokers"));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "clickstream-admin");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }
}
