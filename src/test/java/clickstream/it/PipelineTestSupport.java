package clickstream.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
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

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    /**
     * Bulk-writes event documents straight into OpenSearch (past the indexer and its validator, as documents of an
     * older version would be), each into the daily index of its timestamp as the indexer names it, refreshed at once.
     * Start the app first: its index template maps the fields.
     */
    protected void indexEventsDirectly(TestNames names, List<ObjectNode> events) {
        StringBuilder bulk = new StringBuilder();
        for (ObjectNode event : events) {
            String index = names.indexPrefix() + "-" + DAY.format(Instant.parse(event.path("timestamp").asText()));
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
                    .append(event.path("event_id").asText()).append("\"}}\n").append(event).append('\n');
        }
        bulkRefreshed(bulk);
    }

    /**
     * Creates {@code <prefix>-sessions} with the mapping of the sessions route's template
     * (opensearch/sessions-template.json, docs/sessions-and-retention.md) and
     * bulk-writes the documents, {@code _id} = session_id, refreshed at once.
     */
    protected void indexSessionsDirectly(TestNames names, List<ObjectNode> sessions) {
        String index = names.indexPrefix() + "-sessions";
        try (InputStream in = PipelineTestSupport.class.getResourceAsStream("/opensearch/sessions-template.json")) {
            // the route's own template; ${...} stand in number and string positions, any number parses in both
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\$\\{[^}]+}", "1");
            ObjectNode body = EDIT_JSON.createObjectNode();
            body.set("mappings", EDIT_JSON.readTree(template).at("/template/mappings"));
            search.put("/" + index, body.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder bulk = new StringBuilder();
        for (ObjectNode session : sessions) {
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
                    .append(session.path("session_id").asText()).append("\"}}\n").append(session).append('\n');
        }
        bulkRefreshed(bulk);
    }

    /** A session document of the sessions route's form (docs/sessions-and-retention.md), ending at {@code last}. */
    protected static ObjectNode sessionDocument(String id, Instant last, long durationMs, boolean bounce, String endReason,
            boolean bot) {
        ObjectNode session = EDIT_JSON.createObjectNode();
        session.put("session_id", id).put("user_id", "user-" + id).put("device_type", "mobile")
                .put("first_event_time", last.minusMillis(durationMs).toString()).put("last_event_time", last.toString())
                .put("duration_ms", durationMs).put("events", bounce ? 2 : 5).put("views", bounce ? 1 : 3)
                .put("articles_viewed", bounce ? 1 : 2).put("likes", 0).put("comments", 0).put("shares", bounce ? 0 : 1)
                .put("bounce", bounce).put("end_reason", endReason);
        session.putArray("categories").add("tech");
        session.putObject("category_mix").put("tech", bounce ? 1 : 4);
        if (bot) {
            session.put("is_bot", true);
        }
        return session;
    }

    private void bulkRefreshed(StringBuilder bulk) {
        JsonNode answer = search.post("/_bulk?refresh=true", bulk.toString());
        if (answer.path("errors").asBoolean()) {
            throw new IllegalStateException("bulk write refused: " + answer);
        }
    }
}
