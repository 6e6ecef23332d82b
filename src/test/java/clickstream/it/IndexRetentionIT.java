package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.model.IndexNames;
import clickstream.model.Timestamps;

/**
 * opensearch.retention on the real node (which has no ISM plugin, so the retention route does the deleting):
 * exactly the daily indices whose day ended more than the retention ago go, back-dated ones made here; other
 * indices under the prefix stay; session documents whose last event is past the retention go too.
 */
class IndexRetentionIT extends PipelineTestSupport {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    @Test
    void deletesExactlyTheDailyIndicesAndSessionsPastTheRetention() throws Exception {
        TestNames names = names("index-retention");
        String prefix = names.indexPrefix();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // 7d: a day's index goes once its day ended at least 7 days ago: today-8 ended 7 days and some hours ago and
        // goes; today-7 ended 6 days and some hours ago and stays
        Set<String> expired = Set.of(daily(prefix, today.minusDays(30)), daily(prefix, today.minusDays(8)));
        Set<String> kept = new HashSet<>(Set.of(daily(prefix, today.minusDays(7)), daily(prefix, today.minusDays(1)),
                daily(prefix, today),
                // not daily indices of this prefix: never touched, however old they look
                prefix + "-archive-2020.01.01", prefix + "-2020.13.45"));
        for (String index : union(expired, kept)) {
            search.put("/" + index, "{\"settings\":{\"number_of_replicas\":0}}");
        }

        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("indexer.enabled", "false");
        props.put("sessions.enabled", "true");
        props.put("sessions.interval", "1s");
        props.put("opensearch.retention", "7d");
        props.put("opensearch.retention-interval", "1s");
        String sessions = IndexNames.sessionsIndex(prefix);
        kept.add(sessions);
        try (RunningApp app = startApp(props)) {
            // created by the sessions route's first pass
            await().atMost(Duration.ofMinutes(1)).until(() -> indices(prefix).contains(sessions));
            Instant now = Instant.now();
            putSession(sessions, "old", now.minus(Duration.ofDays(7)).minusSeconds(60));
            putSession(sessions, "recent", now.minus(Duration.ofDays(7)).plus(Duration.ofHours(1)));

            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                assertThat(indices(prefix)).isEqualTo(kept);
                assertThat(search.count(sessions)).isEqualTo(1);
            });
            assertThat(search.get("/" + sessions + "/_doc/recent").path("found").asBoolean()).isTrue();
        }
    }

    private void putSession(String index, String id, Instant lastEvent) {
        search.put("/" + index + "/_doc/" + id + "?refresh=true", "{\"session_id\":\"" + id + "\",\"last_event_time\":\""
                + Timestamps.format(lastEvent) + "\",\"end_reason\":\"logout\"}");
    }

    private Set<String> indices(String prefix) {
        Set<String> names = new HashSet<>();
        for (JsonNode index : search.get("/_cat/indices/" + prefix + "-*?h=index&format=json")) {
            names.add(index.path("index").asText());
        }
        return names;
    }

    private static String daily(String prefix, LocalDate day) {
        return prefix + "-" + DAY.format(day);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
