package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLException;

import org.apache.camel.impl.DefaultCamelContext;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.tls.TestPki;

/**
 * The OpenSearch client over https against a local TLS server with a generated certificate: the CA of
 * {@code opensearch.ca-file} is what makes the handshake succeed, and the basic auth credentials reach the server.
 */
class OpenSearchConnectionTlsTest {

    private static final TestPki PKI = TestPki.create("opensearch-test-ca");

    @TempDir
    Path dir;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private DefaultCamelContext context;
    private OpenSearchConnection connection;

    @BeforeEach
    void start() throws IOException {
        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestPki.serverContext(PKI.server())));
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            if (authorization == null) {
                // as the OpenSearch security plugin does: challenge first, the client answers with its credentials
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"OpenSearch Security\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                byte[] body = "{\"tagline\":\"The OpenSearch Project: https://opensearch.org/\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        context = new DefaultCamelContext();
        set("opensearch.hosts", "https://localhost:" + server.getAddress().getPort());
        set("camel.component.opensearch.connection-timeout", "5000");
        set("camel.component.opensearch.socket-timeout", "5000");
        set("camel.component.opensearch.user", "clickstream");
        set("camel.component.opensearch.password", "s3cret-pw");
    }

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        server.stop(0);
        context.close();
    }

    private void set(String key, Object value) {
        context.getPropertiesComponent().addInitialProperty(key, value.toString());
    }

    @Test
    void trustsTheConfiguredCaAndSendsBasicAuth() throws Exception {
        set("opensearch.ca-file", TestPki.write(dir.resolve("ca.pem"), PKI.caPem()));
        connection = OpenSearchConnection.create(Settings.of(context));

        assertThat(connection.perform("GET", "/", null)).contains("The OpenSearch Project");
        String expected = "Basic " + Base64.getEncoder().encodeToString("clickstream:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        // httpclient 5.5 sends the credentials it has for the host right away; a challenge would be answered too
        assertThat(authorizations).last().isEqualTo(expected);
        assertThat(authorizations).allMatch(a -> a.equals("null") || a.equals(expected));
        assertThat(connection.describe()).isEqualTo("https://localhost:" + server.getAddress().getPort())
                .doesNotContain("s3cret");
    }

    @Test
    void withoutTheCaTheServerIsNotTrusted() {
        connection = OpenSearchConnection.create(Settings.of(context));
        assertThatThrownBy(() -> connection.perform("GET", "/", null))
                .isInstanceOf(IOException.class)
                // what start-up then reports (docs/configuration.md: set opensearch.ca-file)
                .hasMessageContaining("PKIX path building failed")
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLException));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void anotherCaIsNotTrusted() {
        set("opensearch.ca-file", TestPki.write(dir.resolve("other-ca.pem"), TestPki.create("someone-else").caPem()));
        connection = OpenSearchConnection.create(Settings.of(context));
        assertThatThrownBy(() -> connection.perform("GET", "/", null))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLException));
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aMissingCaFileStopsStartUpWithOneLine() {
        set("opensearch.ca-file", "conf/opensearch-ca.pem");
        assertThatThrownBy(() -> OpenSearchConnection.create(Settings.of(context)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("opensearch.ca-file = 'conf/opensearch-ca.pem': no such file (")
                .hasMessageContaining("or set opensearch.ca-file to where it is")
                .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING).doesNotContain("\n");
    }

    @Test
    void aCaFileWithoutACertificate() {
        set("opensearch.ca-file", TestPki.write(dir.resolve("ca.pem"), "just text\n"));
        assertThatThrownBy(() -> OpenSearchConnection.tlsContext(Settings.of(context)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.ca-file = '" + dir.resolve("ca.pem") + "' contains no PEM certificate");
    }

    @Test
    void aUserNeedsItsPassword() {
        set("camel.component.opensearch.password", " ");
        assertThatThrownBy(() -> OpenSearchConnection.create(Settings.of(context)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("camel.component.opensearch.user is set but camel.component.opensearch.password is not: set both, "
                        + "or neither");
    }

    @Test
    void camelOpenSearchsHostAddressesArePointedAtOpensearchHosts() {
        // the component's own host list has no scheme and would be ignored here: refused rather than silently unused
        set("camel.component.opensearch.host-addresses", "search.example:9200");
        assertThatThrownBy(() -> OpenSearchConnection.create(Settings.of(context)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.opensearch.host-addresses is set, which the app does not read: "
                        + "set opensearch.hosts");
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
