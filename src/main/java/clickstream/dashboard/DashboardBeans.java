package clickstream.dashboard;

import java.time.Clock;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.observe.PipelineMetrics;
import clickstream.config.Settings;
import clickstream.connect.OpenSearchConnection;
import clickstream.observe.ConsumerLag;

/**
 * The beans behind the live page's routes, built from the shared properties; a factory's parameter is the registry's
 * one bean of that type (ServicesBootstrap's connection, PipelineBeans' counters, ObserveBeans' lag sampler).
 */
public final class DashboardBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardBeans.class);

    @BindToRegistry("dashboardQueries")
    public DashboardQueries dashboardQueries(CamelContext context, OpenSearchConnection openSearch) {
        Settings settings = Settings.of(context);
        return new DashboardQueries(openSearch, settings.required("opensearch.index-prefix"), Clock.systemUTC());
    }

    @BindToRegistry("liveCounters")
    public LiveCounters liveCounters(PipelineMetrics metrics, ConsumerLag lag, DashboardQueries queries) {
        return new LiveCounters(metrics, lag, queries, System::nanoTime);
    }

    // lazy: made on first use, once liveCounters is bound (Camel orders a class's factories only one level deep)
    @BindToRegistry(value = "dashboardApi", lazy = true)
    public DashboardApi dashboardApi(DashboardQueries queries, LiveCounters counters) {
        return new DashboardApi(queries, counters);
    }

    @BindToRegistry("staticResources")
    public StaticResources staticResources() {
        return new StaticResources(DashboardBeans.class.getClassLoader());
    }

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        String host = settings.required("http.host");
        String base = "http://" + ("0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host) + ":"
                + settings.required("http.port");
        LOG.info("Live dashboard: {}/ (health {}/observe/health, metrics {}/observe/metrics)", base, base, base);
    }
}
