package clickstream.retention;

import java.time.Clock;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.connect.OpenSearchConnection;
import clickstream.model.IndexNames;

/**
 * The bean of the {@code retention} route (routes/retention.camel.yaml), built from the shared properties; listed in
 * {@code camel.main.configuration-classes}. {@code opensearch.retention} unset on the embedded node was given
 * {@code embedded.opensearch.retention} by ServicesBootstrap.
 */
public final class RetentionBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        context.getRegistry().bind(DailyIndexRetention.BEAN_NAME, new DailyIndexRetention(
                context.getRegistry().lookupByNameAndType(OpenSearchConnection.BEAN_NAME, OpenSearchConnection.class),
                IndexNames.validPrefix(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX)),
                settings.optional(SettingsCatalog.Sessions.RETENTION).flatMap(r -> r), Clock.systemUTC()));
    }
}
