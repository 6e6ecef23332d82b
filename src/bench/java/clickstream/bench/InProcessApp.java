package clickstream.bench;

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
 * {@code mvn camel:run} runs it, against the services JVM, with the phase's topic, group and index prefix as
 * override properties: the app's -D and environment settings still win, which is how knobs are tuned.
 */
final class InProcessApp implements AutoCloseable {

    private final Main main;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long startedNanos;

    private InProcessApp(Main main) {
        this.main = main;
        this.thread = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "clickstream-app");
    }

    /** Starts the app and returns once its routes run. */
    static InProcessApp start(Map<String, String> properties) throws InterruptedException {
        Main main = ClickstreamApp.newMain();
        properties.forEach(main::addOverrideProperty);
        InProcessApp app = new InProcessApp(main);
        app.thread.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (app.failure.get() != null) {
                throw new IllegalStateException("the app did not start", app.failure.get());
            }
            CamelContext context = main.getCamelContext();
            if (context != null && context.isStarted()) {
                app.startedNanos = System.nanoTime();
                return app;
            }
            Thread.sleep(5);
        }
        app.close();
        throw new IllegalStateException("the app did not start within 2 minutes");
    }

    /** {@link System#nanoTime()} when the routes had started. */
    long startedNanos() {
        return startedNanos;
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    PipelineMetrics metrics() {
        return context().getRegistry().lookupByNameAndType("pipelineMetrics", PipelineMetrics.class);
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        thread.join(Duration.ofSeconds(60).toMillis());
    }
}
