package clickstream.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.app.ConfigurationException;
import clickstream.app.Settings;

/**
 * Installs the composable index template for {@code <prefix>-*} before the indexer starts, so the first daily
 * index already has explicit mappings (keywords for ids and enums, date for timestamp, text for comment_text).
 * Re-installing on every start is idempotent and lets a changed template take effect for the next daily index.
 */
public final class IndexTemplateInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(IndexTemplateInstaller.class);

    private final OpenSearchConnection connection;
    private final Settings settings;

    public IndexTemplateInstaller(OpenSearchConnection connection, Settings settings) {
        this.connection = connection;
        this.settings = settings;
    }

    public void install() {
        String prefix = IndexNames.validPrefix(settings.required("opensearch.index-prefix"));
        String body = render(prefix,
                settings.intValue("opensearch.index.shards", 1, 1024),
                settings.intValue("opensearch.index.replicas", 0, 16),
                settings.required("opensearch.index.refresh-interval"));
        try {
            connection.perform("PUT", "/_index_template/" + prefix, body);
        } catch (IOException e) {
            throw new ConfigurationException("Could not install the index template on " + connection.describe() + " ("
                    + e.getMessage() + "): check opensearch.hosts, opensearch.username/password and, for https, opensearch.ca-file", e);
        }
        LOG.info("Index template '{}' installed for {}-*", prefix, prefix);
    }

    static String render(String prefix, int shards, int replicas, String refreshInterval) {
        if (!refreshInterval.matches("-1|\\d+(ms|s|m|h)")) {
            throw new ConfigurationException("opensearch.index.refresh-interval = '" + refreshInterval
                    + "' is not a time value: use e.g. 1s, 500ms, 30s or -1 (off)");
        }
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
