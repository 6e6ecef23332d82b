package clickstream.app;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Runs {@link ServicesBootstrap}, first among the configurations ({@code ClickstreamApp.newMain()}; Camel JBang:
 * {@code camel.main.configuration-classes}, see {@code jbang/application-jbang.properties}). Configurations run after
 * camel-main has set up the properties and the vault and before the component options are applied and the routes
 * are built, which is all the connections need; the topics and the index template follow when the context starts,
 * after every configuration has checked its settings and before any route starts. The connections close when the
 * context stops.
 */
public final class ServicesBootstrapConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        ServicesBootstrap bootstrap = new ServicesBootstrap();
        try {
            bootstrap.connect(context);
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarting(CamelContext starting, boolean alreadyStarted) {
                    if (alreadyStarted) {
                        return;
                    }
                    try {
                        bootstrap.provision(starting);
                    } catch (RuntimeException | Error e) {
                        bootstrap.closeServices();
                        throw e;
                    }
                }

                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // provisioned while starting
                }
            });
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    bootstrap.closeServices();
                }
            });
        } catch (Exception | Error e) {
            bootstrap.closeServices();
            throw e;
        }
    }
}
