package clickstream.connect;

import clickstream.indexing.IndexingFixtures;
import clickstream.config.SettingsCatalog.OpenSearch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;

class IndexTemplateInstallerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpServer server;
    private OpenSearchConnection connection;
    private DefaultCamelContext context;

    @AfterEach
    void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.stop(0);
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void rendersValidJsonWithTheSettings() throws Exception {
        JsonNode template = MAPPER.readTree(IndexTemplateInstaller.render("clickstream", 3, 2, "30s"));

        assertThat(template.at("/index_patterns").isArray()).isTrue();
        assertThat(template.at("/index_patterns/0").asText()).isEqualTo("clickstream-*");
        JsonNode settings = template.at("/template/settings");
        assertThat(settings.get("number_of_shards").isInt()).isTrue();
        assertThat(settings.get("number_of_shards").intValue()).isEqualTo(3);
        assertThat(settings.get("number_of_replicas").intValue()).isEqualTo(2);
        assertThat(settings.get("refresh_interval").asText()).isEqualTo("30s");

        JsonNode mappings = template.at("/template/mappings");
        assertThat(mappings.get("dynamic").asText()).isEqualTo("strict");
        JsonNode properties = mappings.get("properties");
        for (String keyword : List.of("event_id", "event_type", "user_id", "session_id", "device_type", "article_id", "category")) {
            assertThat(properties.at("/" + keyword + "/type").asText()).as(keyword).isEqualTo("keyword");
        }
        assertThat(properties.at("/timestamp/type").asText()).isEqualTo("date");
        assertThat(properties.at("/comment_text/type").asText()).isEqualTo("text");
        assertThat(template.toString()).doesNotContain("${");
    }

    @Test
    void everyFieldTheGeneratorWritesIsMapped() throws Exception {
        // the mapping is strict: an unmapped field would make OpenSearch refuse every document
        JsonNode properties = MAPPER.readTree(IndexTemplateInstaller.render("clickstream", 1, 0, "1s"))
                .at("/template/mappings/properties");
        IndexingFixtures.events(2_000, java.time.Instant.parse("2026-11-26T05:31:02.123Z")).forEach(event -> {
            try {
                MAPPER.readTree(clickstream.model.ClickEventJson.toJson(event)).fieldNames()
                        .forEachRemaining(field -> assertThat(properties.has(field)).as(field).isTrue());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void refreshOffAndZeroReplicas() throws Exception {
        JsonNode template = MAPPER.readTree(IndexTemplateInstaller.render("cs-test", 1, 0, "-1"));
        assertThat(template.at("/index_patterns/0").asText()).isEqualTo("cs-test-*");
        assertThat(template.at("/template/settings/number_of_replicas").intValue()).isZero();
        assertThat(template.at("/template/settings/refresh_interval").asText()).isEqualTo("-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "1s", "5m", "1h"})
    void acceptsTimeValues(String interval) throws Exception {
        assertThat(MAPPER.readTree(IndexTemplateInstaller.render("clickstream", 1, 1, interval))
                .at("/template/settings/refresh_interval").asText()).isEqualTo(interval);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "fast", "1 s", "-2", "1.5s", "1s\", \"x\": \"y"})
    void badRefreshInterval(String interval) {
        assertThatThrownBy(() -> OpenSearch.REFRESH_INTERVAL.type().parse(OpenSearch.REFRESH_INTERVAL.key(), interval))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.index.refresh-interval");
    }

    private Settings settings(Map<String, String> values) {
        context = new DefaultCamelContext();
        values.forEach(context.getPropertiesComponent()::addInitialProperty);
        return Settings.of(context);
    }

    private Settings settings(String prefix, String hosts) {
        return settings(Map.of(
                "opensearch.index-prefix", prefix,
                "opensearch.index.shards", "2",
                "opensearch.index.replicas", "1",
                "opensearch.index.refresh-interval", "1s",
                "opensearch.hosts", hosts,
                "camel.component.opensearch.connection-timeout", "2000",
                "camel.component.opensearch.socket-timeout", "5000",
                "opensearch.index.translog-durability", "request",
                "opensearch.ingest-timestamp", "false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ClickStream", "click stream", "Click Stream"})
    void invalidPrefixStopsTheInstall(String prefix) {
        // the prefix is checked before the cluster is contacted
        IndexTemplateInstaller installer = new IndexTemplateInstaller(null, settings(prefix, "http://localhost:9200"));
        assertThatThrownBy(installer::install)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.index-prefix")
                .hasMessageContaining(prefix);
    }

    /** A stand-in for the cluster: records each request and answers with the given status. */
    private List<String[]> fakeCluster(int status, String answer) throws IOException {
        List<String[]> requests = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new String[] {exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)});
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return requests;
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void installPutsTheRenderedTemplate() throws Exception {
        List<String[]> requests = fakeCluster(200, "{\"acknowledged\":true}");
        Settings settings = settings("clickstream", serverUrl());
        connection = OpenSearchConnection.create(settings);

        new IndexTemplateInstaller(connection, settings).install();

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)[0]).isEqualTo("PUT");
        assertThat(requests.get(0)[1]).isEqualTo("/_index_template/clickstream");
        assertThat(MAPPER.readTree(requests.get(0)[2]))
                .isEqualTo(MAPPER.readTree(IndexTemplateInstaller.withIndexSettings(
                        IndexTemplateInstaller.render("clickstream", 2, 1, "1s"), "request", null)));
        assertThat(MAPPER.readTree(requests.get(0)[2]).at("/template/settings/index.translog.durability").asText())
                .isEqualTo("request");
        assertThat(MAPPER.readTree(requests.get(0)[2]).at("/template/settings").has("index.default_pipeline")).isFalse();
    }

    @Test
    void ingestTimestampInstallsThePipelineBeforeTheTemplateThatUsesIt() throws Exception {
        List<String[]> requests = fakeCluster(200, "{\"acknowledged\":true}");
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "opensearch.index-prefix", "cs", "opensearch.index.shards", "1", "opensearch.index.replicas", "0",
                "opensearch.index.refresh-interval", "1s", "opensearch.hosts", serverUrl(),
                "camel.component.opensearch.connection-timeout", "2000", "camel.component.opensearch.socket-timeout", "5000",
                "opensearch.index.translog-durability", "async", "opensearch.ingest-timestamp", "true"));
        Settings settings = settings(values);
        connection = OpenSearchConnection.create(settings);

        new IndexTemplateInstaller(connection, settings).install();

        assertThat(requests).extracting(r -> r[0] + " " + r[1])
                .containsExactly("PUT /_ingest/pipeline/cs-indexed-at", "PUT /_index_template/cs");
        JsonNode pipeline = MAPPER.readTree(requests.get(0)[2]);
        assertThat(pipeline.at("/processors/0/set/field").asText()).isEqualTo("indexed_at");
        assertThat(pipeline.at("/processors/0/set/value").asText()).isEqualTo("{{_ingest.timestamp}}");
        JsonNode indexSettings = MAPPER.readTree(requests.get(1)[2]).at("/template/settings");
        assertThat(indexSettings.path("index.default_pipeline").asText()).isEqualTo("cs-indexed-at");
        assertThat(indexSettings.path("index.translog.durability").asText()).isEqualTo("async");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "fsync", "async,request"})
    void badTranslogDurability(String value) {
        assertThatThrownBy(() -> OpenSearch.TRANSLOG_DURABILITY.type().parse(OpenSearch.TRANSLOG_DURABILITY.key(), value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.index.translog-durability");
    }

    @Test
    void refusedInstallIsAConfigurationError() throws Exception {
        fakeCluster(401, "{\"error\":\"unauthorized\"}");
        Settings settings = settings("clickstream", serverUrl());
        connection = OpenSearchConnection.create(settings);

        assertThatThrownBy(() -> new IndexTemplateInstaller(connection, settings).install())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("index template")
                .hasMessageContaining("opensearch.hosts")
                .hasMessageContaining(serverUrl());
    }
}
