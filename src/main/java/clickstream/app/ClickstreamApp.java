package clickstream.app;

import clickstream.config.ConfigurationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.Main;

/**
 * Entry point of {@code mvn camel:run} and of the container image: a plain Camel Main. What it runs (configuration
 * classes, Java route builders, YAML routes) is listed in application.properties ({@code camel.main.*}), which Camel
 * JBang reads too; this class only turns a wrong setting into one line and exit code 2.
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

    /**
     * The app's Camel Main: wired by application.properties alone (no main class, so no package scan adds anything
     * the properties do not list); tests start it the same way with other properties.
     */
    public static Main newMain() {
        return new Main();
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
