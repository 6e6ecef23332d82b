package clickstream.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.model.IndexNames;

/**
 * Installs the composable index template for {@code <prefix>-*} before the indexer starts, so the first daily
 * index already has explicit mappings (keywords for ids and enums, date for timestamp, text for comment_text).
 * Re-installing on every start is idempotent and lets a changed template take effect for the next daily index.
 */
public final class IndexTemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplateInstaller.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchConnection connection;
    private final Settings settings;

    public IndexTemplateInstaller(OpenSearchConnection connection, Settings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    public void install() {
        String prefix = IndexNames.validPrefix(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX));
        String body = render(prefix,
                settings.get(SettingsCatalog.OpenSearch.SHARDS),
                settings.get(SettingsCatalog.OpenSearch.REPLICAS),
                settings.get(SettingsCatalog.OpenSearch.REFRESH_INTERVAL));
        String durability = settings.get(SettingsCatalog.OpenSearch.TRANSLOG_DURABILITY);
        boolean ingestTimestamp = settings.get(SettingsCatalog.OpenSearch.INGEST_TIMESTAMP);
        body = withIndexSettings(body, durability, ingestTimestamp ? pipelineName(prefix) : null);
        try {
            if (ingestTimestamp) {
                // the pipeline first: an index created from the template must find its default pipeline
                connection.perform("PUT", "/_ingest/pipeline/" + pipelineName(prefix), INDEXED_AT_PIPELINE);
            }
            connection.perform("PUT", "/_index_template/" + prefix, body);
        } catch (IOException e) {
            throw new ConfigurationException("Could not install the index template on " + connection.describe() + " ("
                    + e.getMessage() + "): check opensearch.hosts, camel.component.opensearch.user/password and, for https, opensearch.ca-file", e);
        }
        LOG.info("Index template '{}' installed for {}-*", prefix, prefix);
    }

    /** Sets {@code indexed_at} to the time the node ingests the document (it is mapped in the template). */
    static final String INDEXED_AT_PIPELINE = """
            {"description":"clickstream: indexed_at = when the node ingested the document",
             "processors":[{"set":{"field":"indexed_at","value":"{{_ingest.timestamp}}"}}]}""";

    /** The ingest pipeline of {@code opensearch.ingest-timestamp=true}. */
    public static String pipelineName(String prefix) {
        return prefix + "-indexed-at";
    }

    /** The rendered template plus the translog durability and, if given, the default ingest pipeline. */
    static String withIndexSettings(String template, String translogDurability, String defaultPipeline) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(template);
            ObjectNode indexSettings = (ObjectNode) root.path("template").path("settings");
            indexSettings.put("index.translog.durability", translogDurability);
            if (defaultPipeline != null) {
                indexSettings.put("index.default_pipeline", defaultPipeline);
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("opensearch/index-template.json is not valid JSON", e);
        }
    }

    static String render(String prefix, int shards, int replicas, String refreshInterval) {
        return template()
                .replace("${prefix}", prefix)
                .replace("${shards}", Integer.toString(shards))
                .replace("${replicas}", Integer.toString(replicas))
                .replace("${refresh}", refreshInterval);
    }

    private static String template() {
        try (InputStream in = IndexTemplateInstaller.class.getResourceAsStream("/opensearch/index-template.json")) {
            if (in == null) {
                throw new IllegalStateException("opensearch/index-template.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
