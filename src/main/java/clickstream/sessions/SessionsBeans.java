package clickstream.sessions;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.OpenSearchConnection;
import clickstream.model.IndexNames;

/**
 * The bean of the {@code sessions} route (routes/sessions.camel.yaml), built from the shared properties; listed in
 * {@code camel.main.configuration-classes}. Its settings were checked at start-up by ServicesBootstrap, which also
 * gives the embedded node its {@code opensearch.retention}.
 */
public final class SessionsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        Optional<Duration> retention = settings.optional(SettingsCatalog.Sessions.RETENTION).flatMap(r -> r);
        SessionRollup.RollupSettings rollup = new SessionRollup.RollupSettings(
                settings.get(SettingsCatalog.Sessions.INACTIVITY),
                settings.get(SettingsCatalog.Sessions.LOOKBACK),
                settings.get(SettingsCatalog.Sessions.PAGE_SIZE),
                settings.get(SettingsCatalog.OpenSearch.REPLICAS),
                settings.get(SettingsCatalog.OpenSearch.REFRESH_INTERVAL),
                retention,
                settings.get(SettingsCatalog.OpenSearch.INGEST_TIMESTAMP));
        context.getRegistry().bind(SessionRollup.BEAN_NAME, new SessionRollup(
                context.getRegistry().lookupByNameAndType(OpenSearchConnection.BEAN_NAME, OpenSearchConnection.class),
                IndexNames.validPrefix(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX)), rollup, Clock.systemUTC()));
    }
}
