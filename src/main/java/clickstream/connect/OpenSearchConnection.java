package clickstream.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;
import org.opensearch.client.RestClientBuilder.HttpClientConfigCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.ValueTypes;
import clickstream.config.SettingsCatalog;
import clickstream.tls.PemFile;
import clickstream.tls.TrustingSslContext;

/**
 * How to reach OpenSearch: the low-level REST client of the start-up tasks, the health check and the live page, and
 * the recipe from which every {@code opensearch:} endpoint gets a client of its own
 * ({@link ClientPerEndpointOpensearchComponent}). Credentials and timeouts are camel-opensearch's own options
 * ({@code camel.component.opensearch.user}, {@code password}, {@code connection-timeout}, {@code socket-timeout}),
 * read from the same keys camel-main binds.
 *
 * <p>What camel-opensearch 4.17 lacks, and stays ours: it takes {@code host:port} addresses without a scheme, gives
 * the credentials to the first host only, applies the socket timeout only with {@code enable-ssl}, has no CA option on
 * the component ({@code certificatePath} is per endpoint and reads one certificate), and its producer closes the
 * client it was given when its route stops. So the hosts are {@code opensearch.hosts} (URLs: the scheme decides TLS;
 * unset = the embedded node) and the CA is {@code opensearch.ca-file}.
 */
public final class OpenSearchConnection implements AutoCloseable {

    public static final String BEAN_NAME = "openSearchConnection";
    public static final String CA_FILE = SettingsCatalog.Security.OPENSEARCH_CA_FILE.key();
    public static final String PREFIX = "camel.component.opensearch.";
    public static final String USER = PREFIX + "user";
    public static final String PASSWORD = PREFIX + "password";
    public static final String CONNECTION_TIMEOUT = PREFIX + "connection-timeout";
    public static final String SOCKET_TIMEOUT = PREFIX + "socket-timeout";
    public static final String HOST_ADDRESSES = PREFIX + "host-addresses";
    // camel-opensearch's defaults for both timeouts
    private static final int CAMEL_DEFAULT_TIMEOUT_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(OpenSearchConnection.class);
    // RestClientBuilder's own pool limits, kept when the TLS setup replaces its connection manager
    private static final int MAX_CONNECTIONS_PER_ROUTE = RestClientBuilder.DEFAULT_MAX_CONN_PER_ROUTE;
    private static final int MAX_CONNECTIONS_TOTAL = RestClientBuilder.DEFAULT_MAX_CONN_TOTAL;

    private final List<URI> hosts;
    private final RestClientBuilder clientRecipe;
    private final RestClient restClient;

    private OpenSearchConnection(List<URI> hosts, RestClientBuilder clientRecipe, HttpClientConfigCallback httpConfig) {
        this.hosts = hosts;
        this.restClient = clientRecipe.build();
        // the opensearch: endpoints' clients (newRestClient) ask bulk answers for what the indexer reads only; the
        // app's own client (restClient) is left as it is, for readers of whole answers
        this.clientRecipe = clientRecipe.setHttpClientConfigCallback(
                http -> httpConfig.customizeHttpClient(http).addRequestInterceptorFirst(new BulkResponseFilter()));
    }

    public static OpenSearchConnection create(Settings settings) {
        settings.optional(HOST_ADDRESSES).ifPresent(value -> {
            throw new ConfigurationException(HOST_ADDRESSES + " is set, which the app does not read: set opensearch.hosts = "
                    + "https://host:port instead (URLs, comma-separated; the scheme decides TLS)");
        });
        List<URI> hosts = parseHosts(settings.get(SettingsCatalog.OpenSearch.HOSTS));
        int connectTimeout = timeout(settings, CONNECTION_TIMEOUT, 600_000);
        int socketTimeout = timeout(settings, SOCKET_TIMEOUT, 3_600_000);
        String user = settings.optional(USER).orElse(null);
        String password = settings.optional(PASSWORD).orElse(null);
        Optional<SSLContext> tls = tlsContext(settings);
        if (tls.isPresent() && hosts.stream().noneMatch(u -> "https".equals(u.getScheme()))) {
            LOG.warn("{} is set but every opensearch.hosts URL is http: the CA is not used", CA_FILE);
        }

        HttpHost[] httpHosts = hosts.stream()
                .map(u -> new HttpHost(u.getScheme(), u.getHost(), u.getPort()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(httpHosts)
                .setCompressionEnabled(false)
                .setRequestConfigCallback(rc -> rc
                        .setConnectTimeout(Timeout.ofMilliseconds(connectTimeout))
                        .setResponseTimeout(Timeout.ofMilliseconds(socketTimeout)));
        BasicCredentialsProvider credentials = null;
        if (user != null) {
            if (password == null) {
                throw new ConfigurationException(USER + " is set but " + PASSWORD + " is not: set both, or neither");
            }
            credentials = new BasicCredentialsProvider();
            for (HttpHost host : httpHosts) {
                credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(user, password.toCharArray()));
            }
        }
        BasicCredentialsProvider finalCredentials = credentials;
        HttpClientConfigCallback httpConfig = http -> {
            if (finalCredentials != null) {
                http.setDefaultCredentialsProvider(finalCredentials);
            }
            tls.ifPresent(context -> http.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                    .setMaxConnTotal(MAX_CONNECTIONS_TOTAL)
                    .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(context).build())
                    .build()));
            return http;
        };
        builder.setHttpClientConfigCallback(httpConfig);
        return new OpenSearchConnection(hosts, builder, httpConfig);
    }

    private static int timeout(Settings settings, String key, int max) {
        // a Camel option (camel.component.opensearch.*), so not in the catalog: checked here with the catalog's type
        return settings.optional(key).map(raw -> ValueTypes.intRange(1, max).parse(key, raw))
                .orElse(CAMEL_DEFAULT_TIMEOUT_MS);
    }

    /**
     * The TLS context trusting {@code opensearch.ca-file}, or empty (the JVM's default CAs) when it is not set.
     * Checked before anything starts, so a missing or broken CA file stops start-up with one line.
     */
    public static Optional<SSLContext> tlsContext(Settings settings) {
        return settings.optional(SettingsCatalog.Security.OPENSEARCH_CA_FILE).map(file -> {
            String what = "the CA certificate that signed the OpenSearch service's certificate (PEM)";
            return TrustingSslContext.of(PemFile.read(CA_FILE, file, what).certificates(what));
        });
    }

    static List<URI> parseHosts(String value) {
        List<URI> result = new ArrayList<>();
        for (String part : value.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw badHost(text);
            }
            if (uri.getScheme() == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw badHost(text);
            }
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 9200);
            result.add(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port));
        }
        if (result.isEmpty()) {
            throw badHost(value);
        }
        if (result.stream().map(URI::getScheme).distinct().count() > 1) {
            throw new ConfigurationException("opensearch.hosts = '" + value
                    + "' mixes http and https: use one scheme for all hosts of a cluster");
        }
        return List.copyOf(result);
    }

    private static ConfigurationException badHost(String text) {
        return new ConfigurationException("opensearch.hosts = '" + text
                + "' is not a URL with a scheme: write it as http://host:9200 or https://host:port (comma-separated for several)");
    }

    public RestClient restClient() {
        return restClient;
    }

    /**
     * Another client to the same cluster with the same settings, for a user that closes it when done (the
     * {@code opensearch:} endpoints); its bulk requests ask for the fields of the answer the indexer reads
     * ({@link BulkResponseFilter}).
     */
    public RestClient newRestClient() {
        synchronized (clientRecipe) {
            return clientRecipe.build();
        }
    }

    /** The hosts, for logs: never the credentials. */
    public String describe() {
        return hosts.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Performs a request and returns the body; non-2xx answers surface as {@link org.opensearch.client.ResponseException}. */
    public String perform(String method, String path, String jsonBody) throws IOException {
        Request request = new Request(method, path);
        if (jsonBody != null) {
            request.setJsonEntity(jsonBody);
        }
        Response response = restClient.performRequest(request);
        if (response.getEntity() == null) {
            return "";
        }
        try (InputStream in = response.getEntity().getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            restClient.close();
        } catch (IOException ignored) {
            // closing on shutdown: nothing useful to do with a failure
        }
    }
}
