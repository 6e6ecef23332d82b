package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * /api/trending, /api/engagement and /api/sessions against the real embedded OpenSearch, over documents written
 * with known timestamps relative to now (straight into the test's indices: the indexer and generator are off), so
 * every figure has an exact expected value, worked out in the comments.
 */
class TrendingEngagementSessionsIT extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Instant now = Instant.now();
    private final List<ObjectNode> events = new ArrayList<>();
    private int next;

    @Test
    void panelsAnswerExactFiguresForKnownDocuments() throws Exception {
        TestNames names = names("panels-api");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("indexer.enabled", "false");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        try (RunningApp app = startApp(props)) {
            // nothing yet, no sessions index: empty answers, not errors
            JsonNode noSessions = ok(http, "/api/sessions");
            assertThat(noSessions.path("available").asBoolean()).isFalse();
            assertThat(noSessions.path("sessions").asLong()).isZero();
            assertThat(noSessions.path("bounceRate").isNull()).isTrue();
            assertThat(ok(http, "/api/trending").path("articles")).isEmpty();
            assertThat(ok(http, "/api/engagement").path("total").path("views").asLong()).isZero();

            // last 15 min (2-7 min ago): tech-a 6 views (mobile), tech-b 4 (desktop), sports-c 3 (tablet);
            // 2 likes on tech-a (mobile), 1 comment on tech-b (desktop), 3 shares on sports-c (tablet)
            add(6, "view", "tech-a", "tech", "mobile", 2, false);
            add(4, "view", "tech-b", "tech", "desktop", 2, false);
            add(3, "view", "sports-c", "sports", "tablet", 2, false);
            add(2, "like", "tech-a", "tech", "mobile", 3, false);
            add(1, "comment", "tech-b", "tech", "desktop", 3, false);
            add(3, "share", "sports-c", "sports", "tablet", 4, false);
            // a bot in the last 15 min: 10 views of tech-b and a like, desktop
            add(10, "view", "tech-b", "tech", "desktop", 3, true);
            add(1, "like", "tech-b", "tech", "desktop", 3, true);
            // the previous hour (20-50 min ago): tech-a 8 views (mobile), sports-c 12 (tablet)
            add(8, "view", "tech-a", "tech", "mobile", 20, false);
            add(12, "view", "sports-c", "sports", "tablet", 21, false);
            // before it (80 min ago): 2 views of tech-a, mobile, counted by neither window
            add(2, "view", "tech-a", "tech", "mobile", 80, false);
            // logins carry no article and count nowhere here
            add(5, "login", null, null, "mobile", 2, false);
            indexEventsDirectly(names, events);

            // velocity = (views in 15 min / 15) / (views in the hour before / 60)
            JsonNode trending = ok(http, "/api/trending");
            assertThat(trending.path("views").asLong()).isEqualTo(13);
            assertThat(trending.path("category").asText()).isEqualTo("all");
            assertThat(trending.path("bots").asText()).isEqualTo("exclude");
            assertThat(articles(trending)).containsExactly(
                    "tech-a tech 6 0.4/min prev 8 0.13/min velocity 3.0", // (6/15)/(8/60)
                    "tech-b tech 4 0.27/min prev 0 0.0/min new",
                    "sports-c sports 3 0.2/min prev 12 0.2/min velocity 1.0"); // (3/15)/(12/60)
            assertThat(articles(ok(http, "/api/trending?category=sports"))).containsExactly(
                    "sports-c sports 3 0.2/min prev 12 0.2/min velocity 1.0");
            assertThat(articles(ok(http, "/api/trending?category=tech&size=1"))).containsExactly(
                    "tech-a tech 6 0.4/min prev 8 0.13/min velocity 3.0");
            assertThat(ok(http, "/api/trending?category=world").path("articles")).isEmpty();
            JsonNode withBots = ok(http, "/api/trending?bots=include");
            assertThat(withBots.path("views").asLong()).isEqualTo(23);
            assertThat(articles(withBots).get(0)).isEqualTo("tech-b tech 14 0.93/min prev 0 0.0/min new");

            JsonNode engagement = ok(http, "/api/engagement");
            assertThat(engagement.path("range").asText()).isEqualTo("15m");
            Map<String, JsonNode> categories = byKey(engagement.path("categories"));
            assertThat(categories).hasSize(8);
            assertThat(row(categories.get("tech"))).isEqualTo("views 10 likes 2 comments 1 shares 0 | 0.2 0.1 0.0");
            assertThat(row(categories.get("sports"))).isEqualTo("views 3 likes 0 comments 0 shares 3 | 0.0 0.0 1.0");
            assertThat(row(categories.get("world"))).isEqualTo("views 0 likes 0 comments 0 shares 0 | null null null");
            Map<String, JsonNode> devices = byKey(engagement.path("devices"));
            assertThat(devices.keySet()).containsExactly("desktop", "mobile", "tablet");
            assertThat(row(devices.get("mobile"))).isEqualTo("views 6 likes 2 comments 0 shares 0 | 0.3333 0.0 0.0");
            assertThat(row(devices.get("desktop"))).isEqualTo("views 4 likes 0 comments 1 shares 0 | 0.0 0.25 0.0");
            assertThat(row(devices.get("tablet"))).isEqualTo("views 3 likes 0 comments 0 shares 3 | 0.0 0.0 1.0");
            assertThat(row(engagement.path("total"))).isEqualTo("views 13 likes 2 comments 1 shares 3 | 0.1538 0.0769 0.2308");
            // the last hour adds the previous hour's views; 24 h the older two as well; bots when asked
            assertThat(row(byKey(ok(http, "/api/engagement?range=1h").path("categories")).get("tech")))
                    .isEqualTo("views 18 likes 2 comments 1 shares 0 | 0.1111 0.0556 0.0");
            assertThat(row(byKey(ok(http, "/api/engagement?range=24h").path("devices")).get("mobile")))
                    .isEqualTo("views 16 likes 2 comments 0 shares 0 | 0.125 0.0 0.0");
            assertThat(row(byKey(ok(http, "/api/engagement?bots=include").path("devices")).get("desktop")))
                    .isEqualTo("views 14 likes 1 comments 1 shares 0 | 0.0714 0.0714 0.0");

            // s5 ends outside the 15 min, inside the hour; s6 is a bot's
            indexSessionsDirectly(names, List.of(
                    sessionDocument("s1", minutesAgo(1), 5_000, true, "logout", false),
                    sessionDocument("s2", minutesAgo(2), 20_000, false, "open", false),
                    sessionDocument("s3", minutesAgo(3), 90_000, false, "inactivity", false),
                    sessionDocument("s4", minutesAgo(5), 90_000, true, "open", false),
                    sessionDocument("s5", minutesAgo(40), 40 * 60_000, false, "logout", false),
                    sessionDocument("s6", minutesAgo(1), 2_000, true, "logout", true)));
            JsonNode sessions = ok(http, "/api/sessions");
            assertThat(sessions.path("available").asBoolean()).isTrue();
            assertThat(sessions.path("sessions").asLong()).isEqualTo(4);
            assertThat(sessions.path("bounces").asLong()).isEqualTo(2);
            assertThat(sessions.path("bounceRate").asDouble()).isEqualTo(0.5);
            assertThat(sessions.path("averageSeconds").asDouble()).isEqualTo(51.3); // (5+20+90+90)/4 = 51.25
            assertThat(lengths(sessions)).containsExactly("< 10 s 1/0", "10-30 s 1/1", "30 s-1 min 0/0", "1-2 min 2/1",
                    "2-5 min 0/0", "5-15 min 0/0", "15-30 min 0/0", ">= 30 min 0/0");
            JsonNode hour = ok(http, "/api/sessions?range=1h");
            assertThat(hour.path("sessions").asLong()).isEqualTo(5);
            assertThat(hour.path("bounceRate").asDouble()).isEqualTo(0.4);
            assertThat(lengths(hour).get(7)).isEqualTo(">= 30 min 1/0");
            JsonNode botsToo = ok(http, "/api/sessions?bots=include");
            assertThat(botsToo.path("sessions").asLong()).isEqualTo(5);
            assertThat(botsToo.path("bounceRate").asDouble()).isEqualTo(0.6);
            assertThat(lengths(botsToo).get(0)).isEqualTo("< 10 s 2/0");

            // the events' searches leave the sessions index out: the sampled searchable count is the events only
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ok(http, "/api/counters").path("searchable").asLong() == events.size());
            assertThat(search.count(names.indexPattern())).isEqualTo(events.size() + 6);
            assertThat(ok(http, "/api/event-types?range=24h").path("total").asLong()).isEqualTo(events.size());

            // bad parameters: a 400 with the reason
            assertBadRequest(http, "/api/trending?category=Tech", "unknown category 'Tech': use all or one of politics, tech");
            assertBadRequest(http, "/api/trending?bots=yes", "unknown bots 'yes': use exclude (the default) or include");
            assertBadRequest(http, "/api/trending?size=51", "size = 51 is out of range: use 1 to 50");
            assertBadRequest(http, "/api/trending?range=1h", "unknown parameter 'range' for /api/trending: use bots, category, size");
            assertBadRequest(http, "/api/engagement?range=2h", "unknown range '2h'");
            assertBadRequest(http, "/api/engagement?category=tech", "unknown parameter 'category' for /api/engagement: use bots, range");
            assertBadRequest(http, "/api/sessions?bots=include&bots=exclude", "parameter 'bots' is given more than once");
        }
    }

    /** {@code count} events of one kind, {@code minutesAgo} (plus a few seconds each) before now. */
    private void add(int count, String type, String article, String category, String device, int minutesAgo, boolean bot) {
        for (int i = 0; i < count; i++) {
            ObjectNode event = JSON.createObjectNode();
            event.put("event_id", "panels-" + next++).put("event_type", type).put("user_id", "user-" + (i % 3))
                    .put("session_id", "session-" + (i % 4)).put("device_type", device)
                    .put("timestamp", now.minusSeconds(minutesAgo * 60L + i * 7L).toString());
            if (article != null) {
                event.put("article_id", article).put("category", category);
            }
            if (bot) {
                event.put("is_bot", true);
            }
            events.add(event);
        }
    }

    private Instant minutesAgo(int minutes) {
        return now.minusSeconds(minutes * 60L);
    }

    private static JsonNode ok(AppHttp http, String path) {
        AppHttp.Answer answer = http.get(path);
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    private static void assertBadRequest(AppHttp http, String path, String reason) {
        AppHttp.Answer answer = http.get(path);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).as(path).contains(reason);
    }

    private static List<String> articles(JsonNode trending) {
        List<String> lines = new ArrayList<>();
        for (JsonNode a : trending.path("articles")) {
            lines.add(a.path("article").asText() + " " + a.path("category").asText() + " " + a.path("views").asLong() + " "
                    + a.path("perMinute").asDouble() + "/min prev " + a.path("previousViews").asLong() + " "
                    + a.path("previousPerMinute").asDouble() + "/min "
                    + (a.path("isNew").asBoolean() ? "new" : "velocity " + a.path("velocity").asDouble()));
        }
        return lines;
    }

    private static Map<String, JsonNode> byKey(JsonNode rows) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.path("key").asText(), r));
        return map;
    }

    private static String row(JsonNode r) {
        return "views " + r.path("views").asLong() + " likes " + r.path("likes").asLong() + " comments "
                + r.path("comments").asLong() + " shares " + r.path("shares").asLong() + " | "
                + rate(r.path("likesPerView")) + " " + rate(r.path("commentsPerView")) + " " + rate(r.path("sharesPerView"));
    }

    private static String rate(JsonNode value) {
        return value.isNull() ? "null" : String.valueOf(value.asDouble());
    }

    private static List<String> lengths(JsonNode sessions) {
        List<String> lines = new ArrayList<>();
        sessions.path("lengths").forEach(b -> lines.add(b.path("label").asText() + " " + b.path("sessions").asLong()
                + "/" + b.path("open").asLong()));
        return lines;
    }
}
