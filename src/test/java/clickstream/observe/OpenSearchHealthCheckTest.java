package clickstream.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import clickstream.config.Settings;
import clickstream.embedded.Ports;
import clickstream.connect.OpenSearchConnection;

class OpenSearchHealthCheckTest {

    private static OpenSearchConnection connection(String url) {
        DefaultCamelContext context = new DefaultCamelContext();
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties values = new Properties();
        values.putAll(Map.of("opensearch.hosts", url, "camel.component.opensearch.connection-timeout", "2000",
                "camel.component.opensearch.socket-timeout", "2000"));
        properties.setInitialProperties(values);
        return OpenSearchConnection.create(new Settings(properties));
    }

    private static HealthCheck.Result call(OpenSearchConnection connection) {
        OpenSearchHealthCheck check = new OpenSearchHealthCheck(connection);
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }

    @Test
    void downWhileOpenSearchIsUnreachable() {
        String url = "http://127.0.0.1:" + Ports.freePort(); // nothing listens there
        try (OpenSearchConnection connection = connection(url)) {
            HealthCheck.Result result = call(connection);
            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).get().asString().contains("does not answer", url);
            assertThat(result.getError()).isPresent();
            assertThat(result.getDetails()).containsEntry("opensearch.hosts", url);
        }
    }

    @Test
    void upWhenTheClusterAnswersAndDownWhenItIsRed() throws Exception {
        String[] status = {"green"};
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/_cluster/health", exchange -> {
            byte[] body = ("{\"cluster_name\":\"test\",\"status\":\"" + status[0] + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (OpenSearchConnection connection = connection("http://127.0.0.1:" + server.getAddress().getPort())) {
            HealthCheck.Result green = call(connection);
            assertThat(green.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(green.getDetails()).containsEntry("cluster.status", "green");

            status[0] = "yellow";
            assertThat(call(connection).getState()).isEqualTo(HealthCheck.State.UP);

            status[0] = "red";
            HealthCheck.Result red = call(connection);
            assertThat(red.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(red.getMessage()).get().asString().contains("red");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReadinessCheckOnly() {
        try (OpenSearchConnection connection = connection("http://127.0.0.1:9")) {
            OpenSearchHealthCheck check = new OpenSearchHealthCheck(connection);
            assertThat(check.isReadiness()).isTrue();
            assertThat(check.isLiveness()).isFalse();
            assertThat(check.getId()).isEqualTo("opensearch");
        }
    }
}
