package clickstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.RestClient;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.connect.IndexTemplateInstaller;
import clickstream.connect.OpenSearchConnection;

/** The benchmark's own view of the OpenSearch node: counts, bulk bodies, index set-up and clean-up. */
final class SearchNode implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /** How often {@link #awaitCount} asks. */
    static final long POLL_MS = 20;

    /** -Dbench.ceiling-full-response=true: the raw ceiling reads the full bulk response, as the pipeline must. */
    private static final boolean FILTER_RESPONSE = !Boolean.getBoolean("bench.ceiling-full-response");

    private final String url;
    private final OpenSearchConnection connection;

    SearchNode(String url) {
        this.url = url;
        this.connection = OpenSearchConnection.create(AppSettings.of(Map.of("opensearch.hosts", url)));
    }

    String url() {
        return url;
    }

    RestClient restClient() {
        return connection.restClient();
    }

    /**
     * Installs the app's index template (and ingest pipeline, if asked) for a fresh prefix, exactly as the app does
     * at start-up, so every phase indexes into indices with the same settings.
     */
    void installTemplate(String prefix, boolean ingestTimestamp) {
        new IndexTemplateInstaller(connection, AppSettings.of(Map.of(
                "opensearch.hosts", url,
                "opensearch.index-prefix", prefix,
                "opensearch.index.replicas", "0",
                "opensearch.ingest-timestamp", Boolean.toString(ingestTimestamp)))).install();
    }

    /** Searchable documents under the pattern (no refresh forced: what a search sees now); 0 while no index exists. */
    long count(String pattern) throws IOException {
        try {
            return get("/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true").path("count").asLong(0);
        } catch (IOException e) {
            if (notStartedYet(e)) {
                return 0;
            }
            throw e;
        }
    }

    /** A search on a new index whose shard has not started yet answers 503. */
    static boolean notStartedYet(IOException e) {
        return e.getCause() instanceof ResponseException r && r.getResponse().getStatusLine().getStatusCode() == 503;
    }

    /**
     * Polls {@link #count} every {@value #POLL_MS} ms until it reaches {@code expected}; returns
     * {@link System#nanoTime()} of that poll's answer. Every phase ends its clock this way, so all pay the same
     * poll granularity and refresh wait.
     *
     * @param healthy called before each poll; throws if whatever is indexing has failed, to fail fast
     */
    long awaitCount(String pattern, long expected, Duration timeout, Runnable healthy) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            healthy.run();
            last = count(pattern);
            if (last >= expected) {
                return System.nanoTime();
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException(pattern + ": " + last + " of " + expected + " documents searchable after " + timeout);
    }

    long awaitCount(String pattern, long expected, Duration timeout) throws Exception {
        return awaitCount(pattern, expected, timeout, () -> { });
    }

    void deleteIndices(String pattern) throws IOException {
        perform("DELETE", "/" + pattern + "?ignore_unavailable=true&allow_no_indices=true", null);
    }

    /** The action line of one bulk index operation, as the indexer writes it: daily index, {@code _id} = event_id. */
    static byte[] actionLine(String index, String id) {
        StringBuilder line = new StringBuilder(96).append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(id, line);
        return line.append("\"}}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends an NDJSON bulk body; fails if any item was refused. */
    void bulk(byte[] ndjson) throws IOException {
        Request request = new Request("POST", "/_bulk");
        // only the refused items come back: the response stays small and cheap to write and read
        if (FILTER_RESPONSE) {
            request.addParameter("filter_path", "errors,items.*.error");
        }
        request.setEntity(new ByteArrayEntity(ndjson, NDJSON));
        JsonNode answer = read(restClient().performRequest(request));
        if (answer.path("errors").asBoolean(false)) {
            throw new IllegalStateException("bulk refused documents: " + abbreviate(answer.toString()));
        }
    }

    JsonNode get(String path) throws IOException {
        return perform("GET", path, null);
    }

    JsonNode post(String path, String json) throws IOException {
        return perform("POST", path, json);
    }

    private JsonNode perform(String method, String path, String json) throws IOException {
        Request request = new Request(method, path);
        if (json != null) {
            request.setJsonEntity(json);
        }
        try {
            return read(restClient().performRequest(request));
        } catch (ResponseException e) {
            throw new IOException(method + " " + path + ": " + e.getResponse().getStatusLine(), e);
        }
    }

    private static JsonNode read(Response response) throws IOException {
        if (response.getEntity() == null) {
            return JSON.createObjectNode();
        }
        try (InputStream in = response.getEntity().getContent()) {
            return JSON.readTree(in);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    @Override
    public void close() {
        connection.close();
    }
}
