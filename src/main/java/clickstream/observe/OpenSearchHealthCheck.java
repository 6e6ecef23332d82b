package clickstream.observe;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.connect.OpenSearchConnection;
import clickstream.config.SettingsCatalog;

/**
 * Readiness: can the app reach OpenSearch through the same client the indexer uses? DOWN while the cluster does
 * not answer or reports status red (some primary shard is missing, so indexing would fail). Not a liveness check:
 * restarting the app does not bring OpenSearch back.
 */
public final class OpenSearchHealthCheck extends ReadinessCheck {

    public static final String ID = "opensearch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchConnection openSearch;

    public OpenSearchHealthCheck(OpenSearchConnection openSearch) {
        super(ID);
        this.openSearch = openSearch;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(SettingsCatalog.OpenSearch.HOSTS.key(), openSearch.describe());
        JsonNode health;
        try {
            health = JSON.readTree(openSearch.perform("GET", "/_cluster/health", null));
        } catch (Exception e) {
            builder.message("OpenSearch at " + openSearch.describe() + " does not answer: " + e);
            builder.error(e);
            builder.down();
            return;
        }
        String status = health.path("status").asText("unknown");
        builder.detail("cluster.name", health.path("cluster_name").asText());
        builder.detail("cluster.status", status);
        if ("red".equals(status)) {
            builder.message("OpenSearch cluster status is red: some primary shards are unassigned");
            builder.down();
        } else {
            builder.up();
        }
    }
}
