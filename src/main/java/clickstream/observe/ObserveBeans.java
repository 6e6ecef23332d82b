package clickstream.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.spi.Registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.indexing.IndexerCondition;
import clickstream.connect.KafkaClientConfig;
import clickstream.connect.OpenSearchConnection;

/**
 * Health and metrics: checks that the embedded HTTP server can listen where {@code http.host}/{@code http.port}
 * say (one line instead of a Vert.x bind stack trace), registers the OpenSearch readiness check, the consumer-lag
 * sampler and the pipeline's meters in the Prometheus registry that {@code /observe/metrics} scrapes.
 */
public final class ObserveBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        requireListenable(settings.get(SettingsCatalog.Http.HOST), settings.get(SettingsCatalog.Http.PORT));

        OpenSearchConnection openSearch = registry.lookupByNameAndType(OpenSearchConnection.BEAN_NAME, OpenSearchConnection.class);
        // a HealthCheck bean in the registry is picked up by camel-health (camel.health.registry-enabled)
        registry.bind("openSearchHealthCheck", new OpenSearchHealthCheck(openSearch));
        registry.bind("indexerReadinessCheck", new IndexerReadinessCheck(
                registry.lookupByNameAndType(IndexerCondition.BEAN_NAME, IndexerCondition.class)));

        ConsumerLag lag = new ConsumerLag(KafkaClientConfig.admin(context), settings.get(SettingsCatalog.Kafka.GROUP_ID),
                settings.get(SettingsCatalog.Kafka.TOPIC), Clock.systemUTC());
        registry.bind("consumerLag", lag);
        // readiness DOWN while the sampler sees records deleted before the indexer read them
        registry.bind("retentionHealthCheck", new RetentionHealthCheck(lag));
        try {
            context.addService(lag, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the consumer lag sampler", e);
        }

        // the registry /observe/metrics scrapes: camel-micrometer-prometheus has usually made it already (camel.metrics.*
        // is applied before configuration classes run); if not, ours is bound under the name it looks for
        MeterRegistry meterRegistry = MicrometerUtils.getMeterRegistryFromCamelRegistry(registry,
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meterRegistry);
        }
        PipelineMetrics metrics = registry.lookupByNameAndType("pipelineMetrics", PipelineMetrics.class);
        PipelineMeters meters = new PipelineMeters(meterRegistry, metrics, lag);
        registry.bind("pipelineMeters", meters);
        context.getManagementStrategy().addEventNotifier(new PipelineEventMeters(meters));
    }

    /** Fails with one line naming the key when the address is not local or the port is taken. */
    static void requireListenable(String host, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("http.host = '" + host + "' does not resolve: use 127.0.0.1 (this machine only) or "
                    + "0.0.0.0 (every interface)");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): set http.port to a free port (-Dhttp.port=8081), or http.host to an address of this machine");
        }
    }
}
