package clickstream.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's live route reload ({@code camel.main.routes-reload-*}), except that a broken edit leaves the last good routes
 * running. Camel 4.17 stops and removes the routes of the edited file before it builds the new ones, so an edit that
 * parses but cannot become a route (an unknown bean, a wrong endpoint option, a missing placeholder) would leave the
 * indexer removed until the next good edit. Here the routes that ran before are put back, the error is logged in one
 * line and rethrown, so Camel's watcher records it ({@code getLastError()}, {@code getFailedCounter()}).
 *
 * <p>It is not started as a watcher of its own: {@link LiveReloadSetup} makes it what Camel's watcher calls on a change
 * (Camel Main starts the watcher it created whatever happens to it later), so there is exactly one watcher.
 */
public final class LastGoodRoutesReloadStrategy extends RouteWatcherReloadStrategy implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(LastGoodRoutesReloadStrategy.class);

    public LastGoodRoutesReloadStrategy(CamelContext context, boolean removeAllRoutes) {
        setCamelContext(context);
        setRemoveAllRoutes(removeAllRoutes);
    }

    /** What Camel's watcher does on a changed file (see {@code RouteWatcherReloadStrategy.doStart()}), made safe. */
    @Override
    public void onReload(String name, Resource resource) throws Exception {
        if (name.endsWith(".properties")) {
            onPropertiesReload(resource, true);
        } else if (name.endsWith(".groovy")) {
            onGroovyReload(resource, true);
        } else {
            onRouteReload(List.of(resource), false);
        }
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        List<RouteDefinition> lastGood = List.copyOf(model.getRouteDefinitions());
        try {
            super.onRouteReload(resources, removeEverything);
        } catch (RuntimeException e) {
            LOG.error("{} not reloaded, the previous routes keep running: {} (fix the file and save it again)",
                    describe(resources), rootMessage(e));
            try {
                restore(getCamelContext(), model, lastGood);
            } catch (Exception restoreFailure) {
                e.addSuppressed(restoreFailure);
                LOG.error("Could not restore the previous routes: {}", rootMessage(restoreFailure));
            }
            throw e; // Camel's watcher records it (last error, failed counter)
        }
    }

    /** Removes what the failed reload left behind and adds back every route that ran before it, as it was. */
    static void restore(CamelContext context, Model model, List<RouteDefinition> lastGood) throws Exception {
        for (RouteDefinition current : new ArrayList<>(model.getRouteDefinitions())) {
            if (lastGood.stream().noneMatch(good -> good == current)) {
                removeRoute(context, current.getRouteId());
                model.removeRouteDefinition(current);
            }
        }
        List<RouteDefinition> missing = new ArrayList<>();
        for (RouteDefinition good : lastGood) {
            if (context.getRoute(good.getRouteId()) == null) {
                missing.add(good);
            }
        }
        if (!missing.isEmpty()) {
            model.addRouteDefinitions(missing);
            LOG.info("Restored routes {}", missing.stream().map(RouteDefinition::getRouteId).collect(Collectors.joining(", ")));
        }
    }

    private static void removeRoute(CamelContext context, String routeId) throws Exception {
        if (routeId != null && context.getRoute(routeId) != null) {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        }
    }

    private static String describe(Collection<Resource> resources) {
        if (resources == null || resources.isEmpty()) {
            return "Routes";
        }
        return resources.stream().map(Resource::getLocation).collect(Collectors.joining(", "));
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replaceAll("\\s+", " ").trim();
    }
}
