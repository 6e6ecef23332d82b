package clickstream.app;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.RouteWatcherReloadStrategy;

/**
 * When live route reload is on ({@code camel.main.routes-reload-enabled}, or {@code camel run --dev}), makes Camel's
 * route watcher reload through a {@link LastGoodRoutesReloadStrategy}, so a broken edit keeps the previous routes
 * running. Camel Main has created its watcher (not yet started) by the time configurations run.
 */
public final class LiveReloadSetup implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        // only Camel's own file watcher: leave others (camel run --source-dir's on-demand one) alone
        if (watcher == null || watcher.getClass() != RouteWatcherReloadStrategy.class
                || watcher.getResourceReload() instanceof LastGoodRoutesReloadStrategy) {
            return;
        }
        watcher.setResourceReload(new LastGoodRoutesReloadStrategy(context, watcher.isRemoveAllRoutes()));
    }
}
