package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.model.Category;
import clickstream.model.DeviceType;

/**
 * The live page never renders event text as HTML. Documents whose fields hold markup and script are written straight
 * into the test's OpenSearch index (past the indexer's validator, as documents indexed by an older version would
 * be), the page is opened in headless Chromium and every tooltip of every chart is forced open through the ECharts
 * API. Each payload sets {@code window.__xss} to the name of its field if it ever runs; a MutationObserver installed
 * before the page's own scripts records any element other than the charts' own that appears in the page, and a
 * listener records Content-Security-Policy violations (so the page is also shown to work under its policy).
 * Leaves a screenshot in target/screenshots/hostile-text.png.
 */
class DashboardHostileTextIT extends PipelineTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Installed into every document before its scripts run; see the class comment. */
    private static final String WATCH = """
            window.__watch = {added: [], csp: []};
            document.addEventListener('securitypolicyviolation', function (e) {
              window.__watch.csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' at '
                + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber);
            });
            var ownTags = /^(DIV|SPAN|B|BR|CANVAS)$/;
            new MutationObserver(function (mutations) {
              mutations.forEach(function (m) {
                // the page's own elements, added while the parser reads the document, are not of interest
                if (document.readyState === 'loading') { return; }
                // the parent, not the node: a tooltip's content may be detached again before this runs
                var inPage = m.target.nodeType === 1 && m.target.closest('main');
                m.addedNodes.forEach(function (node) {
                  if (node.nodeType !== 1) { return; }
                  [node].concat(Array.from(node.querySelectorAll('*'))).forEach(function (e) {
                    var handlers = Array.from(e.attributes).filter(function (a) { return /^on/i.test(a.name); });
                    if (handlers.length > 0 || (inPage && !ownTags.test(e.nodeName))) {
                      window.__watch.added.push(e.outerHTML.slice(0, 300));
                    }
                  });
                });
              });
            }).observe(document, {childList: true, subtree: true});
            """;

    /** Opens the tooltip of every data item of one chart, one after the other, and returns what each showed. */
    private static final String SHOW_EVERY_TIP = """
            var element = document.getElementById('%s');
            var chart = echarts.getInstanceByDom(element);
            var count = chart.getOption().series[0].data.length;
            var texts = [];
            for (var i = 0; i < count; i++) {
              chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
              var tip = Array.from(element.children).filter(function (c) { return c.domBelongToZr; })[0];
              texts.push(tip ? tip.textContent : '');
            }
            chart.dispatchAction({type: 'hideTip'});
            return texts;
            """;

    /** How many data items each chart shows (by id), from the attribute dashboard.js sets once a chart is drawn. */
    private static final String POINTS = """
            var points = {};
            document.querySelectorAll('.chart').forEach(function (c) {
              points[c.id] = Number(c.getAttribute('data-points') || 0); });
            return points;
            """;

    /** Charts with something to show here; the sessions chart has no sessions index in this test (its empty state). */
    private static final List<String> CHARTS = List.of("chart-event-types", "chart-top-users", "chart-device-category",
            "chart-volume", "chart-trending", "chart-engagement-category", "chart-engagement-device");

    /** What the page shows as text, axis data included (once every chart is drawn). */
    private static final String READ_PAGE = """
            function axis(id, which) {
              var option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
              return option[which][0].data || [];
            }
            return {xss: window.__xss === undefined ? null : String(window.__xss), watch: window.__watch,
                    categories: axis('chart-device-category', 'xAxis'), devices: axis('chart-device-category', 'yAxis'),
                    users: axis('chart-top-users', 'yAxis'), articles: axis('chart-trending', 'yAxis'),
                    types: echarts.getInstanceByDom(document.getElementById('chart-event-types')).getOption()
                      .series[0].data.map(function (d) { return d.name; }),
                    error: document.getElementById('error').textContent,
                    dangerous: document.querySelectorAll('img, iframe, object, embed, body script:not([src]), [onerror]').length};
            """;

    /**
     * An image that fails to load, like the payloads' {@code <img src=x>}, but with a listener the page's policy
     * allows: once it has fired, an injected image requested earlier has failed (and run its handler) too.
     */
    private static final String CANARY = """
            var probe = new Image();
            probe.addEventListener('error', function () { window.__canary = true; });
            probe.src = 'x?canary';
            return true;
            """;

    @Test
    void markupAndScriptInEventFieldsAreShownAsTextAndNeverRun() throws Exception {
        HeadlessChromium.requireOrSkip();
        TestNames names = names("hostile-page");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("indexer.enabled", "false"); // the documents go straight into OpenSearch
        int port = Integer.parseInt(props.get("http.port"));
        try (RunningApp app = startApp(props);
                HeadlessChromium browser = HeadlessChromium.start(Path.of("target", "chromium"), 1440, 1200)) {
            List<ObjectNode> documents = hostileDocuments();
            indexEventsDirectly(names, documents);
            assertThat(search.count(names.indexPattern())).isEqualTo(documents.size());

            browser.onEveryDocument(WATCH);
            browser.open("http://127.0.0.1:" + port + "/?range=1h");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allChartsDrawn(browser.script(POINTS)));

            List<String> shown = new ArrayList<>();
            for (String chart : CHARTS) {
                JsonNode texts = browser.script(SHOW_EVERY_TIP.formatted(chart));
                assertThat(texts).as(chart + " tooltips").isNotEmpty();
                texts.forEach(t -> shown.add(t.asText()));
            }
            browser.script(CANARY);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> browser.script("return window.__canary === true;").asBoolean());

            JsonNode page = browser.script(READ_PAGE);
            assertThat(page.path("xss").isNull()).as("a payload ran: window.__xss = " + page.path("xss")).isTrue();
            assertThat(page.path("watch").path("added")).as("elements that appeared in the page").isEmpty();
            assertThat(page.path("dangerous").asInt()).isZero();
            assertThat(page.path("watch").path("csp")).as("Content-Security-Policy violations").isEmpty();
            assertThat(page.path("error").asText()).isEmpty();

            // the hostile user ids and event types did reach the page, shown as the literal text they are
            assertThat(strings(page.path("users"))).contains(value("user_id", true), value("user_id", false));
            assertThat(strings(page.path("types"))).contains(value("event_type", true), value("event_type", false));
            assertThat(strings(page.path("articles"))).contains(value("article_id", true), value("article_id", false));
            assertThat(shown).anyMatch(t -> t.contains(value("user_id", true)))
                    .anyMatch(t -> t.contains(value("user_id", false)))
                    .anyMatch(t -> t.contains(value("event_type", true)))
                    .anyMatch(t -> t.contains(value("article_id", true)));
            // a picture for people: the busiest (hostile) user's tooltip, as text
            browser.script("""
                    var chart = echarts.getInstanceByDom(document.getElementById('chart-top-users'));
                    chart.dispatchAction({type: 'showTip', seriesIndex: 0,
                      dataIndex: chart.getOption().series[0].data.length - 1});
                    return true;""");
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("hostile-text.png"), browser.screenshot());
            // the heatmap counts article events of known devices and categories only
            assertThat(strings(page.path("categories"))).containsExactlyElementsOf(
                    Arrays.stream(Category.values()).map(Category::value).toList());
            assertThat(strings(page.path("devices"))).containsExactlyElementsOf(
                    Arrays.stream(DeviceType.values()).map(DeviceType::value).toList());
        }
    }

    /** A payload for one field: an image whose error handler, or a script, sets window.__xss to the field name. */
    private static String value(String field, boolean image) {
        return image ? "<img src=x onerror=\"window.__xss='" + field + "'\">"
                : "<script>window.__xss='" + field + "'</script>";
    }

    /**
     * Hostile text in every text field, on article and non-article events, plus a few ordinary events so each
     * chart has known values to show too. The hostile users are the busiest, so they head the top-users chart.
     */
    private static List<ObjectNode> hostileDocuments() {
        List<ObjectNode> documents = new ArrayList<>();
        Instant now = Instant.now();
        int n = 0;
        for (boolean image : List.of(true, false)) {
            for (int i = 0; i < 12; i++) {
                // a login (no article) carrying article fields anyway, as the validator once let through
                documents.add(event(n++, now, "login", value("user_id", image), value("device_type", image))
                        .put("category", value("category", image)).put("article_id", value("article_id", image)));
                documents.add(event(n++, now, "view", value("user_id", image), "mobile")
                        .put("category", value("category", image)).put("article_id", value("article_id", image)));
                documents.add(event(n++, now, "comment", value("user_id", image), value("device_type", image))
                        .put("category", "tech").put("article_id", value("article_id", image))
                        .put("comment_text", value("comment_text", image)));
                documents.add(event(n++, now, value("event_type", image), value("user_id", image), "desktop")
                        .put("category", "sports"));
            }
        }
        for (int i = 0; i < 6; i++) {
            documents.add(event(n++, now, "view", "user-" + i, "desktop").put("category", "science")
                    .put("article_id", "article-" + i));
            documents.add(event(n++, now, "like", "user-" + i, "tablet").put("category", "world")
                    .put("article_id", "article-" + i));
        }
        return documents;
    }

    private static ObjectNode event(int n, Instant now, String type, String user, String device) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", "hostile-" + n).put("event_type", type).put("user_id", user)
                .put("session_id", value("session_id", n % 2 == 0)).put("device_type", device)
                .put("timestamp", now.minusSeconds(n % 300).toString())
                .put("referrer", value("referrer", true)).put("user_agent", value("user_agent", false));
        return event;
    }

    private static boolean allChartsDrawn(JsonNode points) {
        for (String chart : CHARTS) {
            if (points.path(chart).asInt() == 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.isObject() ? v.path("value").asText() : v.asText()));
        return values;
    }
}
