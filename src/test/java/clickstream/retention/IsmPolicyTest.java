package clickstream.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import clickstream.config.Settings;
import clickstream.connect.OpenSearchConnection;

/**
 * The ISM path, which the embedded node (no ISM plugin) cannot exercise: the policy's content, and what the retention
 * does against a stub cluster that does or does not list the plugin.
 */
class IsmPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private OpenSearchConnection connection;

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void thePolicyDeletesDailyIndicesOnlyAfterTheRetentionPlusTheirDay() {
        JsonNode policy = IsmPolicy.policy("cs", Duration.ofDays(7)).path("policy");
        assertThat(policy.path("default_state").asText()).isEqualTo("hot");
        JsonNode transition = policy.path("states").get(0).path("transitions").get(0);
        assertThat(transition.path("state_name").asText()).isEqualTo("delete");
        assertThat(transition.path("conditions").path("min_index_age").asText()).isEqualTo("8d");
        assertThat(policy.path("states").get(1).path("actions").get(0).has("delete")).isTrue();
        JsonNode patterns = policy.path("ism_template").get(0).path("index_patterns");
        assertThat(patterns).hasSize(10);
        // a digit after the prefix: the daily indices, never cs-sessions
        patterns.forEach(p -> assertThat(p.asText()).matches("cs-[0-9]\\*"));
        assertThat(IsmPolicy.minIndexAge(Duration.ofHours(36))).isEqualTo("60h");
        assertThat(IsmPolicy.minIndexAge(Duration.ofMinutes(90))).isEqualTo("1530m");
    }

    @Test
    void withThePluginThePolicyIsInstalledAndAttachedAndTheRouteDeletesNothing() throws Exception {
        start(path -> switch (path) {
            case "/_cat/plugins" -> reply(200, "[{\"component\":\"opensearch-index-management\"},{\"component\":\"x\"}]");
            case "/_cat/indices/cs-*" -> reply(200, "[{\"index\":\"cs-2020.01.01\"},{\"index\":\"cs-sessions\"},{\"index\":\"cs-2026.12.03\"}]");
            case "/_plugins/_ism/policies/cs-retention" -> requests.get(requests.size() - 1).startsWith("GET")
                    ? reply(404, "{\"error\":{\"type\":\"status_exception\"},\"status\":404}") : reply(201, "{}");
            default -> reply(200, "{}");
        });
        DailyIndexRetention retention = new DailyIndexRetention(connection, "cs", Optional.of(Duration.ofDays(7)), CLOCK);

        assertThat(retention.expiredIndices()).as("ISM deletes them, not the route").isEmpty();
        assertThat(retention.ismManaged()).contains(true);
        assertThat(requests).anyMatch(r -> r.startsWith("PUT /_plugins/_ism/policies/cs-retention {"));
        // the existing daily indices (not the sessions index) are attached to the policy
        assertThat(requests).anyMatch(r -> r.startsWith("POST /_plugins/_ism/add/cs-2020.01.01,cs-2026.12.03 "));
        assertThat(requests).noneMatch(r -> r.contains("cs-sessions") && r.contains("_ism"));
        assertThat(requests).noneMatch(r -> r.startsWith("DELETE"));

        // detection happens once: later runs only list the indices
        requests.clear();
        assertThat(retention.expiredIndices()).isEmpty();
        assertThat(requests).noneMatch(r -> r.contains("_plugins") || r.contains("_cat/plugins"));
    }

    @Test
    void anUnchangedPolicyIsLeftAsItIs() throws Exception {
        String stored = "{\"_id\":\"cs-retention\",\"_seq_no\":4,\"_primary_term\":1,\"policy\":"
                + IsmPolicy.policy("cs", Duration.ofDays(7)).path("policy") + "}";
        start(path -> switch (path) {
            case "/_cat/plugins" -> reply(200, "[{\"component\":\"opensearch-index-management\"}]");
            case "/_cat/indices/cs-*" -> reply(200, "[]");
            case "/_plugins/_ism/policies/cs-retention" -> reply(200, stored);
            default -> reply(200, "{}");
        });
        new DailyIndexRetention(connection, "cs", Optional.of(Duration.ofDays(7)), CLOCK).expiredIndices();
        assertThat(requests).noneMatch(r -> r.startsWith("PUT"));

        requests.clear();
        new DailyIndexRetention(connection, "cs", Optional.of(Duration.ofDays(3)), CLOCK).expiredIndices();
        assertThat(requests).anyMatch(r -> r.startsWith("PUT /_plugins/_ism/policies/cs-retention?if_seq_no=4&if_primary_term=1 "));
    }

    @Test
    void withoutThePluginTheRouteDeletesTheExpiredDailyIndices() throws Exception {
        start(path -> switch (path) {
            case "/_cat/plugins" -> reply(200, "[{\"component\":\"opensearch-security\"}]");
            case "/_cat/indices/cs-*" -> reply(200, "[{\"index\":\"cs-2026.11.24\"},{\"index\":\"cs-2026.11.25\"},"
                    + "{\"index\":\"cs-2026.11.26\"},{\"index\":\"cs-sessions\"},{\"index\":\"cs-old-2001.01.01\"}]");
            default -> reply(200, "{}");
        });
        DailyIndexRetention retention = new DailyIndexRetention(connection, "cs", Optional.of(Duration.ofDays(7)), CLOCK);
        assertThat(retention.expiredIndices()).containsExactly("cs-2026.11.24", "cs-2026.11.25");
        assertThat(retention.ismManaged()).contains(false);
        assertThat(requests).noneMatch(r -> r.contains("_ism"));
    }

    @Test
    void retentionOffAsksTheClusterNothing() throws Exception {
        start(path -> reply(500, "{}"));
        assertThat(new DailyIndexRetention(connection, "cs", Optional.empty(), CLOCK).expiredIndices()).isEmpty();
        assertThat(requests).isEmpty();
    }

    private record Reply(int status, String body) {
    }

    private static Reply reply(int status, String body) {
        return new Reply(status, body);
    }

    private void start(Function<String, Reply> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + (query == null || exchange.getRequestURI().getPath().startsWith("/_cat") ? "" : "?" + query) + " " + body);
            Reply reply = answers.apply(exchange.getRequestURI().getPath());
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        Properties values = new Properties();
        values.putAll(Map.of("opensearch.hosts", "http://127.0.0.1:" + server.getAddress().getPort(),
                OpenSearchConnection.CONNECTION_TIMEOUT, "2000", OpenSearchConnection.SOCKET_TIMEOUT, "2000"));
        connection = OpenSearchConnection.create(Settings.of(values));
    }
}
