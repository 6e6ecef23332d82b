package clickstream.reconcile;

import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;

/**
 * {@code mvn compile exec:java -Dexec.mainClass=clickstream.reconcile.ReconcileMain}: prints the {@link Reconciliation}
 * of the configured topic and exits 0 when it balances, 1 when it does not, 2 when a setting is wrong or a service
 * cannot be reached. Reads the app's settings the way the app does (application.properties, -D, environment); with
 * {@code kafka.brokers} / {@code opensearch.hosts} unset it looks where {@code mvn camel:run} starts the embedded
 * services.
 */
public final class ReconcileMain {

    private ReconcileMain() {
    }

    public static void main(String[] args) throws Exception {
        // the context only lends its properties component (file, -D, environment); it is never started
        DefaultCamelContext context = new DefaultCamelContext();
        settings(context.getPropertiesComponent());
        System.exit(run(context, System.out, System.err));
    }

    /** @param context lends the properties {@link #settings} prepared, and the binding of the camel.component.kafka.* options */
    static int run(CamelContext context, PrintStream out, PrintStream err) {
        try {
            Settings settings = Settings.of(context);
            Reconciler.Scope scope = Reconciler.Scope.of(settings);
            boolean countDuplicates = settings.get(SettingsCatalog.Reconcile.COUNT_DUPLICATES);
            try (Reconciler reconciler = Reconciler.create(context)) {
                OptionalLong duplicates = countDuplicates
                        ? OptionalLong.of(reconciler.countInjectedDuplicates(scope.topic())) : OptionalLong.empty();
                Reconciliation result = reconciler.reconcile(scope, duplicates,
                        Optional.of(settings.get(SettingsCatalog.Generator.TRUTH_TOPIC)));
                out.print(result.table());
                return result.balanced() && result.truthBalanced() ? 0 : 1;
            }
        } catch (ConfigurationException | Reconciler.ReconciliationException e) {
            err.println("clickstream: " + e.getMessage());
            return 2;
        }
    }

    /** The app's settings, with the embedded services' addresses when no external ones are configured. */
    static Settings settings(PropertiesComponent properties) {
        properties.setLocation("classpath:application.properties");
        Settings settings = new Settings(properties);
        if (settings.optional(SettingsCatalog.Kafka.BROKERS).isEmpty()) {
            properties.addOverrideProperty(SettingsCatalog.Kafka.BROKERS.key(), "localhost:" + settings.get(SettingsCatalog.Embedded.KAFKA_PORT));
        }
        if (settings.optional(SettingsCatalog.OpenSearch.HOSTS).isEmpty()) {
            properties.addOverrideProperty(SettingsCatalog.OpenSearch.HOSTS.key(),
                    "http://localhost:" + settings.get(SettingsCatalog.Embedded.OPENSEARCH_PORT));
        }
        return settings;
    }
}
