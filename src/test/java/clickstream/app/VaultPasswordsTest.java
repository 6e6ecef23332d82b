package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import clickstream.config.Settings;
import clickstream.connect.KafkaClientConfig;
import clickstream.connect.OpenSearchConnection;

/**
 * Passwords as {@code {{hashicorp:secret:clickstream#field}}} placeholders, with the vault set up by
 * {@code camel.vault.hashicorp.*} properties: resolved where the start-up connects (a configuration class, the
 * phase of {@link ServicesBootstrap}) for the app's own clients, and by camel-main for the routes'
 * component. The vault is a stub on a free port answering Vault's KV version 2 read
 * ({@code GET /v1/secret/data/clickstream} with the {@code X-Vault-Token} header); it also stands in for the
 * OpenSearch node, to see the password the client sends. Not covered: a real Vault (TLS, token renewal, policies).
 */
class VaultPasswordsTest {

    private static final String TOKEN = "test-token-7f3a";
    private static final String KAFKA_PASSWORD = "kafka-pa55-from-vault";
    private static final String OPENSEARCH_PASSWORD = "opensearch-pa55-from-vault";

    private HttpServer server;
    private final List<String> vaultTokens = new CopyOnWriteArrayList<>();
    private final List<String> openSearchAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/secret/data/clickstream", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            vaultTokens.add(String.valueOf(token));
            if (!TOKEN.equals(token)) {
                respond(exchange, 403, "{\"errors\":[\"permission denied\"]}");
                return;
            }
            respond(exchange, 200, "{\"request_id\":\"1\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,"
                    + "\"data\":{\"data\":{\"kafka-password\":\"" + KAFKA_PASSWORD + "\",\"opensearch-password\":\""
                    + OPENSEARCH_PASSWORD + "\"},\"metadata\":{\"version\":3}}}");
        });
        server.createContext("/", exchange -> {
            openSearchAuthorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, 200, "{}");
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void passwordsComeFromTheVaultTheCamelPropertiesPointAt() throws Exception {
        int port = server.getAddress().getPort();
        AtomicReference<Properties> adminClient = new AtomicReference<>();
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false"); // these properties only, not the app's routes and beans
        main.addOverrideProperty("camel.vault.hashicorp.token", TOKEN);
        main.addOverrideProperty("camel.vault.hashicorp.host", "127.0.0.1");
        main.addOverrideProperty("camel.vault.hashicorp.port", String.valueOf(port));
        main.addOverrideProperty("camel.vault.hashicorp.scheme", "http");
        main.addOverrideProperty("camel.component.kafka.brokers", "broker.example:9093");
        main.addOverrideProperty("camel.component.kafka.security-protocol", "SASL_SSL");
        main.addOverrideProperty("camel.component.kafka.sasl-mechanism", "SCRAM-SHA-256");
        main.addOverrideProperty("camel.component.kafka.sasl-jaas-config", "org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"avnadmin\" password=\"{{hashicorp:secret:clickstream#kafka-password}}\";");
        main.addOverrideProperty("opensearch.hosts", "http://127.0.0.1:" + port);
        main.addOverrideProperty("camel.component.opensearch.user", "avnadmin");
        main.addOverrideProperty("camel.component.opensearch.password", "{{hashicorp:secret:clickstream#opensearch-password}}");
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                adminClient.set(KafkaClientConfig.admin(context));
                try (OpenSearchConnection openSearch = OpenSearchConnection.create(Settings.of(context))) {
                    openSearch.perform("GET", "/", null);
                }
            }
        });
        try {
            main.init();

            assertThat(vaultTokens).isNotEmpty().containsOnly(TOKEN);
            assertThat(adminClient.get().getProperty("sasl.jaas.config")).contains("password=\"" + KAFKA_PASSWORD + "\"");
            assertThat(openSearchAuthorizations).containsExactly("Basic " + Base64.getEncoder().encodeToString(
                    ("avnadmin:" + OPENSEARCH_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            // camel-main resolved the same placeholder for the routes' kafka: endpoints
            assertThat(main.getCamelContext().getComponent("kafka", KafkaComponent.class).getConfiguration()
                    .getSaslJaasConfig()).contains("password=\"" + KAFKA_PASSWORD + "\"");
        } finally {
            main.stop();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
