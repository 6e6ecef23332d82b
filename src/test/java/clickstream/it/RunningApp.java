package clickstream.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.awaitility.core.ConditionTimeoutException;

import clickstream.app.ClickstreamApp;
import clickstream.observe.PipelineMetrics;

/**
 * The real app ({@link ClickstreamApp#newMain()}, routes from {@code routes/*.camel.yaml}) running in this JVM as
 * {@code mvn camel:run} runs it ({@link Main#run()}, on a thread of its own), with the given override properties:
 * -D and environment settings still win, which is how the benchmark tunes knobs. Used by the integration tests and
 * the benchmark.
 */
public final class RunningApp implements AutoCloseable {

    private final Main main;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long startedNanos;

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
    public static RunningApp start(Map<String, String> properties) throws InterruptedException {
        Main main = ClickstreamApp.newMain();
        properties.forEach(main::addOverrideProperty);
        RunningApp app = new RunningApp(main);
        app.thread.start();
        // a short poll: the benchmark times its drain from here
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> app.failure.get() != null
                    || (main.getCamelContext() != null && main.getCamelContext().isStarted()));
        } catch (ConditionTimeoutException e) {
            app.close();
            throw new IllegalStateException("the app did not start within 2 minutes", e);
        }
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

    /**
     * The settings that point an app at one pipeline of its own: brokers, node, topic, dead-letter topic (and the
     * generator's ground-truth topic, {@code <topic>.truth}), consumer group and index prefix (replicas 0, as ServicesBootstrap sets for a single embedded node).
     */
    public static Map<String, String> pipelineProperties(String brokers, String openSearchUrl, String topic,
            String dlqTopic, String group, String indexPrefix) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.brokers", brokers);
        props.put("opensearch.hosts", openSearchUrl);
        props.put("kafka.topic", topic);
        props.put("kafka.dlq-topic", dlqTopic);
        props.put("generator.truth-topic", topic + ".truth");
        props.put("kafka.consumer.group-id", group);
        props.put("opensearch.index-prefix", indexPrefix);
        props.put("opensearch.index.replicas", "0");
        // the sessions route writes <prefix>-sessions, which a test's <prefix>-* also matches: on only where a test
        // asks for it (SessionsIT, IndexRetentionIT)
        props.put("sessions.enabled", "false");
        return props;
    }

    /** Stops the app as Ctrl-C would and waits for it; fails if it is still stopping after 60 s. */
    @Override
    public void close() throws InterruptedException {
        main.completed();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (thread.isAlive()) {
            throw new IllegalStateException("the app was still stopping 60 s after it was asked to stop");
        }
    }
}
