package clickstream.retention;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.opensearch.client.ResponseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.connect.OpenSearchConnection;

/**
 * The Index State Management policy that deletes the daily event indices where the cluster has the ISM plugin (as
 * Aiven's has): a {@code hot} state left for {@code delete} after {@code min_index_age}, and an {@code ism_template}
 * that attaches it to every new daily index. ISM counts an index's age from its creation, which for live traffic
 * is the start of its day; the age is the retention plus that day, so an index goes when its last event is past the
 * retention, as the route's rule has it ({@link DailyIndexRetention#expired}).
 */
final class IsmPolicy {

    static final String PLUGIN = "opensearch-index-management";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IsmPolicy() {
    }

    static String id(String prefix) {
        return prefix + "-retention";
    }

    /** True when the cluster lists the index management plugin on its nodes. */
    static boolean available(OpenSearchConnection openSearch) throws IOException {
        JsonNode plugins = JSON.readTree(openSearch.perform("GET", "/_cat/plugins?format=json&h=component", null));
        for (JsonNode plugin : plugins) {
            if (PLUGIN.equals(plugin.path("component").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The index age at which ISM deletes a daily index: the retention plus the day the index holds. */
    static String minIndexAge(Duration retention) {
        return timeValue(retention.plusDays(1));
    }

    /** A duration as an OpenSearch time value, in the largest whole unit: 8d, 60h, 1530m (also for the log). */
    static String timeValue(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    /**
     * Index patterns of the daily indices only: {@code <prefix>-} and a digit (the year), so neither the sessions
     * index nor anything else under {@code <prefix>-*} is ever attached.
     */
    static List<String> dailyPatterns(String prefix) {
        return java.util.stream.IntStream.rangeClosed(0, 9).mapToObj(d -> prefix + "-" + d + "*").toList();
    }

    static ObjectNode policy(String prefix, Duration retention) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode policy = root.putObject("policy");
        policy.put("description", "clickstream: delete the daily indices " + prefix + "-yyyy.MM.dd once every event in them is older than "
                + timeValue(retention) + " (opensearch.retention)");
        policy.put("default_state", "hot");
        ArrayNode states = policy.putArray("states");
        ObjectNode hot = states.addObject();
        hot.put("name", "hot");
        hot.putArray("actions");
        hot.putArray("transitions").addObject().put("state_name", "delete")
                .putObject("conditions").put("min_index_age", minIndexAge(retention));
        ObjectNode delete = states.addObject();
        delete.put("name", "delete");
        delete.putArray("actions").addObject().putObject("delete");
        delete.putArray("transitions");
        ObjectNode template = policy.putArray("ism_template").addObject();
        dailyPatterns(prefix).forEach(template.putArray("index_patterns")::add);
        template.put("priority", 100);
        return root;
    }

    /**
     * Creates the policy, or updates it when the retention changed (and moves the indices it manages onto the new
     * version), then attaches it to the existing daily indices it does not manage yet. Returns what it did, for the log.
     */
    static String install(OpenSearchConnection openSearch, String prefix, Duration retention, List<String> dailyIndices)
            throws IOException {
        String path = "/_plugins/_ism/policies/" + id(prefix);
        ObjectNode wanted = policy(prefix, retention);
        String done;
        JsonNode current = null;
        try {
            current = JSON.readTree(openSearch.perform("GET", path, null));
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() != 404) {
                throw e;
            }
        }
        if (current == null) {
            openSearch.perform("PUT", path, wanted.toString());
            done = "created";
        } else if (same(current.path("policy"), wanted.path("policy"))) {
            done = "unchanged";
        } else {
            openSearch.perform("PUT", path + "?if_seq_no=" + current.path("_seq_no").asLong()
                    + "&if_primary_term=" + current.path("_primary_term").asLong(), wanted.toString());
            ObjectNode change = JSON.createObjectNode().put("policy_id", id(prefix));
            for (List<String> chunk : DailyIndexRetention.chunks(dailyIndices)) {
                openSearch.perform("POST", "/_plugins/_ism/change_policy/" + String.join(",", chunk), change.toString());
            }
            done = "updated";
        }
        // indices created before the policy (its ism_template only catches new ones); those it manages already are
        // reported as failures by the add API and stay as they are
        ObjectNode add = JSON.createObjectNode().put("policy_id", id(prefix));
        for (List<String> chunk : DailyIndexRetention.chunks(dailyIndices)) {
            openSearch.perform("POST", "/_plugins/_ism/add/" + String.join(",", chunk), add.toString());
        }
        return done;
    }

    /**
     * The parts of the policy that carry the settings, compared with what the cluster holds (which adds ids, times and
     * default retry options to every action).
     */
    static boolean same(JsonNode current, JsonNode wanted) {
        return current.path("description").equals(wanted.path("description"))
                && minAge(current).equals(minAge(wanted))
                && current.path("ism_template").path(0).path("index_patterns")
                        .equals(wanted.path("ism_template").path(0).path("index_patterns"));
    }

    private static JsonNode minAge(JsonNode policy) {
        return policy.path("states").path(0).path("transitions").path(0).path("conditions").path("min_index_age");
    }
}
