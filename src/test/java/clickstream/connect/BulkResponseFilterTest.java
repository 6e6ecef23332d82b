package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

import com.sun.net.httpserver.HttpServer;

import clickstream.config.Settings;

class BulkResponseFilterTest {

    @Test
    void onlyBulkRequestsWithoutAFilterOfTheirOwnGetOne() {
        String filter = "filter_path=" + BulkResponseFilter.FILTER_PATH;
        assertThat(BulkResponseFilter.filtered("/_bulk")).isEqualTo("/_bulk?" + filter);
        assertThat(BulkResponseFilter.filtered("/idx/_bulk?refresh=false")).isEqualTo("/idx/_bulk?refresh=false&" + filter);
        assertThat(BulkResponseFilter.filtered("/_bulk?filter_path=items")).isEqualTo("/_bulk?filter_path=items");
        assertThat(BulkResponseFilter.filtered("/idx/_search")).isEqualTo("/idx/_search");
        assertThat(BulkResponseFilter.filtered("/_bulk_x")).isEqualTo("/_bulk_x");
    }

    /** The endpoints' clients send the filter on the wire; the app's own client (whole answers) does not. */
    @Test
    void theEndpointClientsAskForTheFilteredAnswerTheAppsOwnClientDoesNot() throws Exception {
        List<String> requested = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().toString());
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("opensearch.hosts",
                "http://127.0.0.1:" + server.getAddress().getPort());
        try (OpenSearchConnection connection = OpenSearchConnection.create(Settings.of(context));
                RestClient endpointClient = connection.newRestClient()) {
            Request bulk = new Request("POST", "/_bulk");
            bulk.setJsonEntity("{\"create\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"a\":1}\n");
            endpointClient.performRequest(bulk);
            endpointClient.performRequest(new Request("GET", "/_cluster/health"));
            connection.perform("POST", "/_bulk", "{\"create\":{\"_index\":\"i\",\"_id\":\"2\"}}\n{\"a\":1}\n");
        } finally {
            server.stop(0);
        }
        assertThat(requested).containsExactly("/_bulk?filter_path=" + BulkResponseFilter.FILTER_PATH, "/_cluster/health",
                "/_bulk");
    }
}
