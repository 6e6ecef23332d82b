package clickstream.it;

import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.embedded.Ports;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * Starts the app exactly as {@code mvn camel:run} does, but against the shared embedded services and with a topic,
 * dead-letter topic, consumer group and index prefix of the test's own.
 */
public abstract class PipelineTestSupport {

    private static final ObjectMapper EDIT_JSON = new ObjectMapper();

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
        Map<String, String> props = RunningApp.pipelineProperties(SHARED.brokers(), SHARED.openSearchUrl(), names.topic(),
                names.dlqTopic(), names.group(), names.indexPrefix());
        props.put("progress.enabled", "false");
        props.put("indexer.batching-interval-ms", "200");
        // the embedded HTTP server (live page, /observe) of each test app on a port of its own, never 8080
        props.put("http.port", String.valueOf(Ports.freePort()));
        return props;
    }

    /** Starts the app and waits until its routes run (or it failed to start). */
    protected static RunningApp startApp(Map<String, String> properties) throws InterruptedException {
        return RunningApp.start(properties);
    }

    /** An event's JSON with one edit (a field removed, replaced or added): a bad record made from a good one. */
    protected static byte[] edit(ClickEvent event, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = (ObjectNode) EDIT_JSON.readTree(ClickEventJson.toBytes(event));
        edit.accept(node);
        return EDIT_JSON.writeValueAsBytes(node);
    }
}
