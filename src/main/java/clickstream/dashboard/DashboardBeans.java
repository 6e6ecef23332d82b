package clickstream.dashboard;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.observe.PipelineMetrics;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.KafkaClientConfig;
import clickstream.connect.OpenSearchConnection;
import clickstream.observe.ConsumerLag;

/** The beans behind the live page's routes, built from the shared properties. */
public final class DashboardBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardBeans.class);

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        Registry registry = context.getRegistry();
        DashboardQueries queries = new DashboardQueries(
                registry.lookupByNameAndType(OpenSearchConnection.BEAN_NAME, OpenSearchConnection.class),
                settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX), Clock.systemUTC());
        LiveCounters counters = new LiveCounters(registry.lookupByNameAndType("pipelineMetrics", PipelineMetrics.class),
                registry.lookupByNameAndType("consumerLag", ConsumerLag.class), queries, System::nanoTime);
        registry.bind("dashboardQueries", queries);
        registry.bind("liveCounters", counters);
        registry.bind("dashboardApi", new DashboardApi(queries, counters));
        registry.bind("staticResources", new StaticResources(DashboardBeans.class.getClassLoader()));
        // accuracy panel: ground truth vs indexed + dead-lettered (AccuracyMonitor); a context service, so its consumer
        // closes with the app
        AccuracyMonitor accuracy = new AccuracyMonitor(KafkaClientConfig.admin(context),
                settings.get(SettingsCatalog.Kafka.TOPIC), settings.get(SettingsCatalog.Kafka.DLQ_TOPIC),
                settings.get(SettingsCatalog.Generator.TRUTH_TOPIC),
                registry.lookupByNameAndType(OpenSearchConnection.BEAN_NAME, OpenSearchConnection.class),
                settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX), Clock.systemUTC());
        registry.bind("accuracyMonitor", accuracy);
        try {
            context.addService(accuracy, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the accuracy monitor", e);
        }

        String host = settings.get(SettingsCatalog.Http.HOST);
        String base = "http://" + ("0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host) + ":"
                + settings.get(SettingsCatalog.Http.PORT);
        LOG.info("Live dashboard: {}/ (health {}/observe/health, metrics {}/observe/metrics)", base, base, base);
    }
}
