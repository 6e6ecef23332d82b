package clickstream.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP reads of what the pipeline indexed, independent of the app's own client. */
public final class OpenSearchProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public OpenSearchProbe(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    public JsonNode post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public JsonNode put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Searchable documents under {@code pattern}, after a refresh; -1 while no index matches or its shards are not ready. */
    public long count(String pattern) {
        try {
            post("/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", "{}");
            JsonNode body = get("/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true");
            return body.path("count").asLong(-1);
        } catch (NotReadyException e) {
            return -1; // e.g. 503 all shards failed while a restarted node recovers
        }
    }

    /** OpenSearch answered 503: the cluster or the index is not ready yet. */
    static final class NotReadyException extends IllegalStateException {
        NotReadyException(String message) {
            super(message);
        }
    }

    /** Every document id under {@code pattern}, paged with search_after on event_id. */
    public Set<String> ids(String pattern) {
        Set<String> ids = new HashSet<>();
        String searchAfter = null;
        while (true) {
            String query = "{\"size\":5000,\"_source\":false,\"sort\":[{\"event_id\":\"asc\"}]"
                    + (searchAfter == null ? "" : ",\"search_after\":[\"" + searchAfter + "\"]") + "}";
            JsonNode hits = post("/" + pattern + "/_search", query).path("hits").path("hits");
            if (hits.isEmpty()) {
                return ids;
            }
            for (JsonNode hit : hits) {
                ids.add(hit.path("_id").asText());
                searchAfter = hit.path("sort").get(0).asText();
            }
        }
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                throw new NotReadyException(request.method() + " " + request.uri() + " answered 503: " + response.body());
            }
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
