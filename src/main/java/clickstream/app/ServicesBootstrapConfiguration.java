package clickstream.app;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * {@link ServicesBootstrap} for runners that build Camel Main themselves and add no listener of ours (Camel JBang:
 * {@code camel.main.configuration-classes}, see {@code jbang/application-jbang.properties}). Configurations run
 * before the component options are applied and the routes are built, which is all the bootstrap needs; its
 * connections close when the context stops.
 */
public final class ServicesBootstrapConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        ServicesBootstrap bootstrap = new ServicesBootstrap();
        try {
            bootstrap.connect(context);
            bootstrap.provision(context);
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
