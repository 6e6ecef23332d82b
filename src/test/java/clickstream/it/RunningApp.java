package clickstream.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import clickstream.app.ClickstreamApp;
import clickstream.app.PipelineMetrics;

/**
 * The real app ({@link ClickstreamApp#newMain()}, routes from {@code routes/*.yaml}) running in this JVM as
 * {@code mvn camel:run} runs it ({@link Main#run()}, on a thread of its own), with the given override properties:
 * -D and environment settings still win, which is how the benchmark tunes knobs. Used by the integration tests and
 * the benchmark.
 */
public final class RunningApp implements AutoCloseable {

    private final Main main;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long startedNanos;

    private RunningApp(Main main) {
        this.main = main;
        this.thread = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "clickstream-app");
    }

    /** Starts the app and returns once its routes run; fails if it did not start. */
    public static RunningApp start(Map<String, String> properties) {
        Main main = ClickstreamApp.newMain();
        properties.forEach(main::addOverrideProperty);
        RunningApp app = new RunningApp(main);
        app.thread.start();
        // a short poll: the benchmark times its drain from here
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> app.failure.get() != null
                || (main.getCamelContext() != null && main.getCamelContext().isStarted()));
        if (app.failure.get() != null) {
            throw new IllegalStateException("the app did not start", app.failure.get());
        }
        app.startedNanos = System.nanoTime();
        return app;
    }

    /** {@link System#nanoTime()} when the routes had started. */
    public long startedNanos() {
        return startedNanos;
    }

    public Main main() {
        return main;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public PipelineMetrics metrics() {
        return context().getRegistry().lookupByNameAndType("pipelineMetrics", PipelineMetrics.class);
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
