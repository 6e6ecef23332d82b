package clickstream.sessions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.opensearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.connect.OpenSearchConnection;
import clickstream.model.IndexNames;
import clickstream.model.Timestamps;

/**
 * Derives {@code <prefix>-sessions} (one document per session, id = session_id) from the indexed events, for the
 * {@code sessions} route (routes/sessions.camel.yaml). Each pass recomputes, each from ALL its events with one
 * aggregation per page, every session with an event since the watermark minus {@code sessions.lookback}, and every
 * open session whose last event is now more than {@code sessions.inactivity} ago. The watermark is the start of the
 * last pass that finished, kept in the sessions index's own mapping ({@code _meta}), so a restart, a crash mid-pass
 * or a second instance re-does work rather than skipping it; no state lives in memory between passes.
 * docs/sessions-and-retention.md.
 */
public final class SessionRollup {

    public static final String BEAN_NAME = "sessionRollup";
    /** Where the watermark is kept: a key of the sessions index's mapping {@code _meta}. */
    static final String WATERMARK = "clickstream_sessions_watermark";
    private static final String SEARCH_OPTIONS = "?ignore_unavailable=true&allow_no_indices=true";
    private static final Logger LOG = LoggerFactory.getLogger(SessionRollup.class);

    private final OpenSearchConnection openSearch;
    private final String prefix;
    private final String index;
    private final RollupSettings settings;
    private final Clock clock;
    private volatile boolean templateInstalled;

    /** What the rollup reads from the settings, checked at start-up. */
    public record RollupSettings(Duration inactivity, Duration lookback, int pageSize, int replicas, String refreshInterval,
                           Optional<Duration> retention, boolean ingestTimestamp) {

        /**
         * The event field the window is on: when the node ingested the event if it records that
         * ({@code opensearch.ingest-timestamp}), which catches an event however late it comes; else its own timestamp.
         */
        String windowField() {
            return ingestTimestamp ? "indexed_at" : "timestamp";
        }
    }

    public SessionRollup(OpenSearchConnection openSearch, String prefix, RollupSettings settings, Clock clock) {
        this.openSearch = openSearch;
        this.prefix = prefix;
        this.index = IndexNames.sessionsIndex(prefix);
        this.settings = settings;
        this.clock = clock;
    }

    public String index() {
        return index;
    }

    /** Makes sure the index exists (with its template) and opens a pass from the stored watermark minus the lookback. */
    public SessionPass startPass() throws IOException {
        if (!templateInstalled) {
            // its own template, at a higher priority than the events' <prefix>-* one, which would otherwise apply
            openSearch.perform("PUT", "/_index_template/" + index, template(index, settings.replicas(), settings.refreshInterval()));
            templateInstalled = true;
        }
        Instant started = clock.instant();
        Optional<Instant> watermark = watermark();
        // no watermark (a new or deleted sessions index): every session of every event index is (re)built
        Instant from = watermark.map(w -> w.minus(settings.lookback())).orElse(Instant.EPOCH);
        return new SessionPass(started, from);
    }

    /** Recomputes and writes one page of sessions: first those with recent events, then the open ones gone quiet. */
    public SessionPass nextPage(SessionPass pass) throws IOException {
        switch (pass.stage) {
            case TOUCHED -> {
                JsonNode answer = search(IndexNames.eventsPattern(prefix),
                        SessionQueries.touched(settings.windowField(), pass.from, pass.touchedAfter, settings.pageSize()));
                List<String> ids = SessionQueries.touchedIds(answer);
                pass.written += recompute(ids, pass.started);
                JsonNode after = answer.path("aggregations").path("touched").path("after_key");
                if (ids.size() < settings.pageSize() || after.isMissingNode()) {
                    pass.stage = SessionPass.Stage.INACTIVE;
                } else {
                    pass.touchedAfter = after;
                }
            }
            case INACTIVE -> {
                JsonNode answer = search(index, SessionQueries.lastEventBefore(pass.started.minus(settings.inactivity()),
                        true, pass.inactiveAfter, settings.pageSize()));
                List<String> ids = SessionQueries.hitIds(answer);
                pass.written += recompute(ids, pass.started);
                if (ids.size() < settings.pageSize()) {
                    pass.stage = SessionPass.Stage.DONE;
                } else {
                    pass.inactiveAfter = ids.get(ids.size() - 1);
                }
            }
            case DONE -> {
                // nothing left: the route's loop ends
            }
        }
        return pass;
    }

    /** Stores the pass's start as the watermark: the next pass looks back from there. */
    public SessionPass finishPass(SessionPass pass) throws IOException {
        ObjectNode mapping = SessionQueries.JSON.createObjectNode();
        mapping.putObject("_meta").put(WATERMARK, Timestamps.format(pass.started));
        openSearch.perform("PUT", "/" + index + "/_mapping", mapping.toString());
        LOG.debug("{}", pass);
        return pass;
    }

    /**
     * Deletes the session documents whose last event is older than {@code opensearch.retention}, the rule of the
     * daily event indices (clickstream.retention): a search and bulk deletes, as a cluster without the reindex
     * module (the embedded node) has no delete-by-query. Returns how many were deleted.
     */
    public int deleteExpired() throws IOException {
        if (settings.retention().isEmpty()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(settings.retention().get());
        int deleted = 0;
        String after = null;
        while (true) {
            List<String> ids = SessionQueries.hitIds(search(index,
                    SessionQueries.lastEventBefore(cutoff, false, after, settings.pageSize())));
            if (ids.isEmpty()) {
                break;
            }
            bulk(SessionQueries.bulkDelete(index, ids));
            deleted += ids.size();
            after = ids.get(ids.size() - 1);
        }
        if (deleted > 0) {
            LOG.info("Retention: deleted {} session documents of {} whose last event is before {}", deleted, index, cutoff);
        }
        return deleted;
    }

    private int recompute(List<String> ids, Instant now) throws IOException {
        if (ids.isEmpty()) {
            return 0;
        }
        JsonNode answer = search(IndexNames.eventsPattern(prefix), SessionQueries.recount(ids));
        // a session with no event left (the retention deleted them) has no bucket: its document stays as it was
        List<ObjectNode> documents = SessionQueries.documents(answer, now, settings.inactivity());
        if (!documents.isEmpty()) {
            bulk(SessionQueries.bulkIndex(index, documents));
        }
        return documents.size();
    }

    /** The stored watermark; empty when the sessions index is new (created here) or has none yet. */
    Optional<Instant> watermark() throws IOException {
        String answer;
        try {
            answer = openSearch.perform("GET", "/" + index + "/_mapping", null);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                throw e;
            }
            createIndex();
            return Optional.empty();
        }
        JsonNode value = SessionQueries.JSON.readTree(answer).path(index).path("mappings").path("_meta").path(WATERMARK);
        return value.isTextual() ? Optional.of(Timestamps.parse(value.asText())) : Optional.empty();
    }

    private JsonNode search(String target, ObjectNode query) throws IOException {
        JsonNode answer = SessionQueries.JSON.readTree(openSearch.perform("POST", "/" + target + "/_search" + SEARCH_OPTIONS,
                query.toString()));
        if (answer.path("_shards").path("failed").asInt(0) > 0) {
            // a partial answer would write sessions with events missing: fail the step, the route retries it
            throw new IOException("OpenSearch could not search every shard of " + target + ": " + answer.path("_shards"));
        }
        return answer;
    }

    private void bulk(String body) throws IOException {
        JsonNode answer = SessionQueries.JSON.readTree(openSearch.perform("POST", "/_bulk", body));
        if (answer.path("errors").asBoolean()) {
            for (JsonNode item : answer.path("items")) {
                JsonNode result = item.elements().next();
                int status = result.path("status").asInt();
                // a delete of a document already gone is what was wanted
                if (status >= 300 && !(item.has("delete") && status == 404)) {
                    throw new IOException("OpenSearch refused a session document of " + index + ": " + result);
                }
            }
        }
    }

    private void createIndex() throws IOException {
        try {
            openSearch.perform("PUT", "/" + index, null);
            LOG.info("Created the sessions index {}: its documents are built from every event indexed so far", index);
        } catch (ResponseException e) {
            // another instance created it meanwhile
            if (!e.getMessage().contains("resource_already_exists_exception")) {
                throw e;
            }
        }
    }

    static String template(String index, int replicas, String refreshInterval) {
        try (InputStream in = SessionRollup.class.getResourceAsStream("/opensearch/sessions-template.json")) {
            if (in == null) {
                throw new IllegalStateException("opensearch/sessions-template.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${index}", index)
                    .replace("${replicas}", Integer.toString(replicas))
                    .replace("${refresh}", refreshInterval);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
