package clickstream.app;

import clickstream.config.ConfigurationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.Main;

import clickstream.dashboard.DashboardBeans;
import clickstream.dashboard.DashboardErrorHandling;
import clickstream.dashboard.DashboardRoutes;
import clickstream.generator.GeneratorRoute;
import clickstream.observe.ObserveBeans;

/**
 * Entry point of {@code mvn camel:run} and of the packaged app: Camel Main with the Java routes, the YAML routes
 * from {@code routes/}, the beans, and the start-up of the services they need.
 */
public final class ClickstreamApp {

    private ClickstreamApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = newMain();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exitWhenFinished(finished, exitCode), "clickstream-exit"));
        try {
            PropertiesLocations.requireFiles();
            exitCode.set(main.run(args));
        } catch (Exception e) {
            ConfigurationException problem = configurationProblem(e);
            if (problem == null) {
                throw e;
            }
            // a wrong setting is one line that says what to change, not a stack trace
            System.err.println("clickstream: " + problem.getMessage());
            exitCode.set(2);
        } finally {
            finished.countDown();
        }
        if (exitCode.get() != 0) {
            System.exit(exitCode.get());
        }
    }

    /**
     * On SIGTERM/Ctrl-C Camel's own hook stops the context (routes drain, offsets are committed, the embedded services
     * close as context services); this hook keeps the JVM alive until {@link Main#run} has returned and then ends it
     * with the app's exit code, so a clean stop by signal reports 0 rather than the signal's 143/130.
     */
    private static void exitWhenFinished(CountDownLatch finished, AtomicInteger exitCode) {
        try {
            if (finished.await(60, TimeUnit.SECONDS)) {
                Runtime.getRuntime().halt(exitCode.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Camel Main wired with everything the app runs; tests start it the same way with other properties. */
    public static Main newMain() {
        Main main = new Main();
        // first, and a configuration rather than a listener: it runs after camel-main has set up the vault
        main.configure().addConfiguration(new ServicesBootstrapConfiguration());
        main.configure().addConfiguration(new PipelineBeans());
        main.configure().addConfiguration(new LiveReloadSetup());
        main.configure().addRoutesBuilder(new GeneratorRoute());
        main.configure().addRoutesBuilder(new ProgressRoute());
        // live page, /observe/health and /observe/metrics on the embedded HTTP server (http.host:http.port)
        main.configure().addConfiguration(new ObserveBeans());
        main.configure().addConfiguration(new DashboardBeans());
        main.configure().addRoutesBuilder(new DashboardErrorHandling());
        main.configure().addRoutesBuilder(new DashboardRoutes());
        return main;
    }

    static ConfigurationException configurationProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException problem) {
                return problem;
            }
        }
        return null;
    }
}
