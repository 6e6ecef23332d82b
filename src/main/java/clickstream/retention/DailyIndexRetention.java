package clickstream.retention;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.connect.OpenSearchConnection;
import clickstream.model.IndexNames;

/**
 * Deletes the daily event indices {@code <prefix>-yyyy.MM.dd} past {@code opensearch.retention}, for the
 * {@code retention} route (routes/retention.camel.yaml). A daily index goes once every event in it is older than
 * the retention, i.e. once its day ended more than the retention ago; only names of exactly that form are
 * considered, so the sessions index and any other index under the prefix are never touched. Where the cluster has
 * the Index State Management plugin, the first run installs an ISM policy instead ({@link IsmPolicy}) and the route
 * leaves the deleting to it. docs/sessions-and-retention.md.
 */
public final class DailyIndexRetention {

    public static final String BEAN_NAME = "dailyIndexRetention";
    private static final Logger LOG = LoggerFactory.getLogger(DailyIndexRetention.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Index names per request: a DELETE or ISM call names them in the URL. */
    private static final int CHUNK = 50;

    private final OpenSearchConnection openSearch;
    private final String prefix;
    private final Optional<Duration> retention;
    private final Clock clock;
    /** Null until the first run has looked for the ISM plugin; then whether ISM does the deleting. */
    private volatile Boolean ismManaged;

    public DailyIndexRetention(OpenSearchConnection openSearch, String prefix, Optional<Duration> retention, Clock clock) {
        this.openSearch = openSearch;
        this.prefix = prefix;
        this.retention = retention;
        this.clock = clock;
    }

    /** The daily indices past the retention that this route is to delete: none when retention is off or ISM does it. */
    public List<String> expiredIndices() throws IOException {
        if (retention.isEmpty()) {
            return List.of();
        }
        List<String> daily = dailyIndices();
        if (ismManaged == null) {
            ismManaged = installIsmPolicyIfAvailable(daily);
        }
        if (ismManaged) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        for (String index : daily) {
            IndexNames.dailyIndexDate(prefix, index)
                    .filter(day -> expired(day, now, retention.get()))
                    .ifPresent(day -> expired.add(index));
        }
        return expired;
    }

    /** Deletes these indices; returns them, for the route's log. */
    public List<String> delete(List<String> indices) throws IOException {
        for (List<String> chunk : chunks(indices)) {
            // ignore_unavailable: one deleted meanwhile (another instance, an operator) is what was wanted
            openSearch.perform("DELETE", "/" + String.join(",", chunk) + "?ignore_unavailable=true", null);
        }
        return indices;
    }

    /** Whether ISM deletes the daily indices on this cluster (known after the first run). */
    public Optional<Boolean> ismManaged() {
        return Optional.ofNullable(ismManaged);
    }

    /** A day's index is past the retention once the day's end (the next midnight UTC) is at least the retention ago. */
    static boolean expired(LocalDate day, Instant now, Duration retention) {
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return !dayEnd.isAfter(now.minus(retention));
    }

    private boolean installIsmPolicyIfAvailable(List<String> daily) throws IOException {
        if (!IsmPolicy.available(openSearch)) {
            LOG.info("Retention: daily indices {}-yyyy.MM.dd older than {} are deleted by the retention route "
                    + "(the cluster has no Index State Management plugin)", prefix, IsmPolicy.timeValue(retention.get()));
            return false;
        }
        String done = IsmPolicy.install(openSearch, prefix, retention.get(), daily);
        LOG.info("Retention: ISM policy {} {} (delete after min_index_age {}); it deletes the daily indices {}-yyyy.MM.dd",
                IsmPolicy.id(prefix), done, IsmPolicy.minIndexAge(retention.get()), prefix);
        return true;
    }

    private List<String> dailyIndices() throws IOException {
        JsonNode indices = JSON.readTree(openSearch.perform("GET",
                "/_cat/indices/" + prefix + "-*?h=index&format=json&expand_wildcards=open,closed", null));
        List<String> daily = new ArrayList<>();
        for (JsonNode index : indices) {
            String name = index.path("index").asText();
            if (IndexNames.dailyIndexDate(prefix, name).isPresent()) {
                daily.add(name);
            }
        }
        daily.sort(null);
        return daily;
    }

    static List<List<String>> chunks(List<String> names) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < names.size(); i += CHUNK) {
            chunks.add(names.subList(i, Math.min(names.size(), i + CHUNK)));
        }
        return chunks;
    }
}
