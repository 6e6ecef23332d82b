package clickstream.indexing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelExchangeException;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchAsyncClient;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.transport.rest_client.RestClientTransport;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers every request with one status, and the real opensearch client (the one the Camel
 * producer uses) sending it a bulk request: so a test gets the exception a real 413 or 429 produces, wrapped as the
 * producer wraps it (camel-opensearch 4.17 {@code OpensearchProducer.onComplete}), without a node that can be made to
 * answer so.
 */
final class HttpStatusServer implements AutoCloseable {

    private final AtomicInteger status = new AtomicInteger(200);
    private final HttpServer server;
    private final RestClient restClient;
    private final OpenSearchAsyncClient client;

    HttpStatusServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int code = status.get();
            byte[] body = ("{\"error\":{\"type\":\"test_exception\",\"reason\":\"answered " + code + "\"},\"status\":" + code + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        restClient = RestClient.builder(new HttpHost("http", "127.0.0.1", server.getAddress().getPort())).build();
        client = new OpenSearchAsyncClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
    }

    /** The exception the opensearch producer sets when the bulk request is answered with {@code code}. */
    synchronized Exception bulkFailure(int code) {
        status.set(code);
        try {
            client.bulk(BulkRequest.of(b -> b.operations(op -> op.create(c -> c.index("i").id("1")
                    .document(Map.of("a", 1)))))).get(30, TimeUnit.SECONDS);
            throw new AssertionError("HTTP " + code + " did not fail the bulk request");
        } catch (ExecutionException e) {
            return new CamelExchangeException("An error occurred while executing the action", null,
                    new CompletionException(e.getCause()));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.stop(0);
    }
}
