package clickstream.it;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import clickstream.app.ClickstreamApp;
import clickstream.app.PipelineMetrics;
import clickstream.embedded.Ports;

/**
 * Starts the app exactly as {@code mvn camel:run} does, but against the shared embedded services and with a topic,
 * dead-letter topic, consumer group and index prefix of the test's own.
 */
public abstract class PipelineTestSupport {

    protected static final SharedServices SHARED = SharedServices.get();
    protected final OpenSearchProbe search = new OpenSearchProbe(SHARED.openSearchUrl());
    protected final KafkaTestClient kafka = new KafkaTestClient(SHARED.brokers());

    /** Names of one test's resources. */
    public record TestNames(String topic, String dlqTopic, String group, String indexPrefix) {
        public String indexPattern() {
            return indexPrefix + "-*";
        }
    }

    protected static TestNames names(String name) {
        return new TestNames("it-" + name, "it-" + name + ".dlq", "it-" + name + "-indexer", "clickstream-it-" + name);
    }

    protected static Map<String, String> properties(TestNames names) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.brokers", SHARED.brokers());
        props.put("opensearch.hosts", SHARED.openSearchUrl());
        props.put("kafka.topic", names.topic());
        props.put("kafka.dlq-topic", names.dlqTopic());
        props.put("kafka.consumer.group-id", names.group());
        props.put("opensearch.index-prefix", names.indexPrefix());
        props.put("opensearch.index.replicas", "0");
        props.put("progress.enabled", "false");
        props.put("indexer.batching-interval-ms", "200");
        // the embedded HTTP server (live page, /observe) of each test app on a port of its own, never 8080
        props.put("http.port", String.valueOf(Ports.freePort()));
        return props;
    }

    /** The app running as {@code mvn camel:run} runs it ({@link Main#run()}), on a thread of its own. */
    protected static final class RunningApp implements AutoCloseable {
        private final Main main;
        private final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

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

    /** Starts the app and waits until its routes run (or it failed to start). */
    protected static RunningApp startApp(Map<String, String> properties) {
        Main main = ClickstreamApp.newMain();
        properties.forEach(main::addOverrideProperty);
        RunningApp app = new RunningApp(main);
        app.thread.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> app.failure.get() != null
                || (main.getCamelContext() != null && main.getCamelContext().isStarted()));
        if (app.failure.get() != null) {
            throw new IllegalStateException("the app did not start", app.failure.get());
        }
        return app;
    }

}
