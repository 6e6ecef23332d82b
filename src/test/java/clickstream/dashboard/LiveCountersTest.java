package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import clickstream.observe.PipelineMetrics;
import clickstream.config.Settings;
import clickstream.connect.OpenSearchConnection;
import clickstream.observe.ConsumerLag;

class LiveCountersTest {

    /** A stand-in for OpenSearch's _count that first fails with internals in its body, then answers. */
    private static final String FAILURE = "{\"error\":\"node opensearch-0.internal:9200: <img src=x onerror=alert(1)>\"}";

    @Test
    void requestsReadTheSampleAndUnknownValuesSayNothingOfWhy() throws Exception {
        AtomicInteger counts = new AtomicInteger();
        AtomicReference<String> answer = new AtomicReference<>(FAILURE);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            counts.incrementAndGet();
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(FAILURE.equals(answer.get()) ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", "127.0.0.1:1"); // nothing listens there: the lag stays unknown
        ConsumerLag lag = new ConsumerLag(admin, "g", "t", Clock.systemUTC());
        try (OpenSearchConnection openSearch = connection("http://127.0.0.1:" + server.getAddress().getPort())) {
            LiveCounters counters = new LiveCounters(new PipelineMetrics(), lag,
                    new DashboardQueries(openSearch, "clickstream", Clock.systemUTC()), System::nanoTime);

            ObjectNode before = counters.snapshot();
            assertThat(before.path("searchable").isNull()).isTrue();
            assertThat(before.path("searchableError").asText()).isEqualTo(LiveCounters.NOT_SAMPLED);
            assertThat(counts.get()).as("a request never calls OpenSearch").isZero();

            counters.sample();
            assertThat(counts.get()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                ObjectNode failed = counters.snapshot();
                assertThat(failed.path("searchable").isNull()).isTrue();
                assertThat(failed.path("searchableError").asText()).isEqualTo(LiveCounters.UNKNOWN);
                assertThat(failed.path("consumerLag").isNull()).isTrue();
                assertThat(failed.path("consumerLagError").asText()).isEqualTo(LiveCounters.UNKNOWN);
                assertThat(failed.toString()).doesNotContain("opensearch-0", "<img", "127.0.0.1", "Exception");
            }
            assertThat(counts.get()).isEqualTo(1);

            answer.set("{\"count\":42}");
            counters.sample();
            assertThat(counters.snapshot().path("searchable").asLong()).isEqualTo(42);
            assertThat(counters.snapshot().has("searchableError")).isFalse();
            assertThat(counts.get()).isEqualTo(2);
        } finally {
            lag.stop();
            server.stop(0);
        }
    }

    private static OpenSearchConnection connection(String url) {
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        Properties values = new Properties();
        values.putAll(Map.of("opensearch.hosts", url, "camel.component.opensearch.connection-timeout", "2000",
                "camel.component.opensearch.socket-timeout", "2000"));
        properties.setInitialProperties(values);
        return OpenSearchConnection.create(new Settings(properties));
    }
}
