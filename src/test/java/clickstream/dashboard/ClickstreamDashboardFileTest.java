package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** dashboards/clickstream.ndjson is well-formed saved objects that hang together: every string-encoded JSON parses, every reference resolves. */
class ClickstreamDashboardFileTest {

    static final Path FILE = Path.of("dashboards/clickstream.ndjson");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

    private static List<JsonNode> objects;
    private static Map<String, JsonNode> byTypeAndId;

    @BeforeAll
    static void readFile() throws IOException {
        objects = new ArrayList<>();
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        for (String line : lines) {
            assertThat(line).as("no blank lines").isNotBlank();
            objects.add(MAPPER.readTree(line));
        }
        byTypeAndId = new LinkedHashMap<>();
        for (JsonNode object : objects) {
            assertThat(object.path("type").isTextual()).as("type of " + object).isTrue();
            assertThat(object.path("id").isTextual()).as("id of " + object).isTrue();
            JsonNode previous = byTypeAndId.put(key(object), object);
            assertThat(previous).as("duplicate " + key(object)).isNull();
        }
    }

    static String key(JsonNode object) {
        return object.get("type").asText() + "/" + object.get("id").asText();
    }

    private static List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> o.get("type").asText().equals(type)).collect(Collectors.toList());
    }

    /** Visualizations of the sessions index (the rest are of the events). */
    static final Set<String> SESSION_VISUALIZATIONS = Set.of("clickstream-session-lengths", "clickstream-bounce-rate");
    /** TSVB ("metrics") visualizations: they name their index pattern by title in their params, not by reference. */
    static final Set<String> TSVB_VISUALIZATIONS = Set.of("clickstream-engagement-by-category", "clickstream-engagement-by-device");

    @Test
    void holdsTwoIndexPatternsNineVisualizationsAndOneDashboard() {
        assertThat(objects).hasSize(12);
        assertThat(ofType("index-pattern")).hasSize(2);
        assertThat(ofType("visualization")).hasSize(9);
        assertThat(ofType("dashboard")).hasSize(1);
        assertThat(byTypeAndId.keySet()).contains("index-pattern/clickstream-index-pattern",
                "index-pattern/clickstream-sessions-index-pattern", "dashboard/clickstream-dashboard",
                "visualization/clickstream-trending-articles", "visualization/clickstream-engagement-by-category",
                "visualization/clickstream-engagement-by-device", "visualization/clickstream-session-lengths",
                "visualization/clickstream-bounce-rate");
    }

    @Test
    void theImporterCountsTheSameObjects() {
        // the importer checks successCount against this number
        assertThat(SavedObjectsFile.read(FILE).objects()).extracting(Object::toString)
                .containsExactlyElementsOf(byTypeAndId.keySet());
    }

    @Test
    void indexPatternCoversTheDailyIndicesWithTheEventTime() {
        JsonNode attributes = ofType("index-pattern").get(0).get("attributes");
        assertThat(attributes.path("title").asText()).isEqualTo("clickstream*");
        assertThat(attributes.path("timeFieldName").asText()).isEqualTo("timestamp");
        // the pattern matches the daily index names the indexer writes
        String regex = attributes.get("title").asText().replace("*", ".*");
        assertThat("clickstream-2026.11.26").matches(regex);
    }

    @Test
    void sessionsIndexPatternIsTheSessionsIndexWithTheLastEventTime() {
        JsonNode attributes = byTypeAndId.get("index-pattern/clickstream-sessions-index-pattern").get("attributes");
        // <prefix>-sessions, written by the sessions route (docs/sessions-and-retention.md)
        assertThat(attributes.path("title").asText()).isEqualTo("clickstream-sessions");
        assertThat(attributes.path("timeFieldName").asText()).isEqualTo("last_event_time");
    }

    @Test
    void everyReferenceResolvesToAnObjectInTheFile() {
        int references = 0;
        for (JsonNode object : objects) {
            assertThat(object.path("references").isArray()).as("references of " + key(object)).isTrue();
            Set<String> names = new HashSet<>();
            for (JsonNode reference : object.get("references")) {
                String target = reference.path("type").asText() + "/" + reference.path("id").asText();
                assertThat(byTypeAndId).as(key(object) + " -> " + target).containsKey(target);
                assertThat(names.add(reference.path("name").asText())).as("reference names of " + key(object) + " are unique").isTrue();
                references++;
            }
        }
        // one index pattern per non-TSVB visualization, one per dashboard panel
        assertThat(references).isEqualTo(7 + 9);
    }

    @Test
    void visualizationsAreWellFormedAndUseTheIndexPattern() throws IOException {
        for (JsonNode vis : ofType("visualization")) {
            JsonNode attributes = vis.get("attributes");
            String name = key(vis);
            assertThat(attributes.path("title").asText()).as(name).isNotBlank();
            assertThat(attributes.get("visState").isTextual()).as(name + " visState is a JSON string").isTrue();
            JsonNode visState = MAPPER.readTree(attributes.get("visState").asText());
            assertThat(visState.path("title").asText()).as(name).isEqualTo(attributes.get("title").asText());
            assertThat(visState.path("aggs").isArray()).as(name).isTrue();
            assertThat(attributes.get("uiStateJSON").isTextual()).as(name).isTrue();
            assertThat(MAPPER.readTree(attributes.get("uiStateJSON").asText()).isObject()).as(name).isTrue();
            if (TSVB_VISUALIZATIONS.contains(vis.get("id").asText())) {
                // TSVB runs its own queries: the events' index pattern by title, their time field, no reference
                assertThat(visState.path("type").asText()).as(name).isEqualTo("metrics");
                assertThat(visState.at("/params/index_pattern").asText()).as(name).isEqualTo("clickstream*");
                assertThat(visState.at("/params/time_field").asText()).as(name).isEqualTo("timestamp");
                assertThat(vis.get("references")).as(name).isEmpty();
                assertThat(searchSource(attributes).has("indexRefName")).as(name).isFalse();
                continue;
            }
            assertThat(visState.path("aggs")).as(name).isNotEmpty();

            JsonNode searchSource = searchSource(attributes);
            assertThat(searchSource.path("indexRefName").asText()).as(name).isEqualTo(INDEX_REF);
            assertThat(searchSource.has("index")).as(name + ": the index goes through references, not inline").isFalse();
            JsonNode reference = referenceNamed(vis, INDEX_REF);
            assertThat(reference).as(name + " has the reference its searchSourceJSON names").isNotNull();
            assertThat(reference.path("type").asText()).isEqualTo("index-pattern");
            assertThat(reference.path("id").asText()).as(name).isEqualTo(SESSION_VISUALIZATIONS.contains(vis.get("id").asText())
                    ? "clickstream-sessions-index-pattern" : "clickstream-index-pattern");
        }
    }

    @Test
    void dashboardHoldsEveryVisualization() throws IOException {
        JsonNode dashboard = ofType("dashboard").get(0);
        JsonNode attributes = dashboard.get("attributes");
        assertThat(attributes.path("title").asText()).isNotBlank();
        assertThat(attributes.path("timeRestore").isBoolean()).isTrue();
        assertThat(MAPPER.readTree(attributes.get("optionsJSON").asText()).isObject()).isTrue();
        assertThat(searchSource(attributes).isObject()).isTrue();

        assertThat(attributes.get("panelsJSON").isTextual()).isTrue();
        JsonNode panels = MAPPER.readTree(attributes.get("panelsJSON").asText());
        assertThat(panels.isArray()).isTrue();
        List<String> panelRefs = new ArrayList<>();
        Set<String> panelIndexes = new HashSet<>();
        Set<String> shown = new HashSet<>();
        for (JsonNode panel : panels) {
            String refName = panel.path("panelRefName").asText();
            panelRefs.add(refName);
            assertThat(panelIndexes.add(panel.path("panelIndex").asText())).as("unique panelIndex").isTrue();
            assertThat(panel.path("gridData").path("i").asText()).isEqualTo(panel.path("panelIndex").asText());
            assertThat(panel.path("gridData").path("w").asInt()).isBetween(1, 48);
            JsonNode reference = referenceNamed(dashboard, refName);
            assertThat(reference).as("reference " + refName).isNotNull();
            assertThat(reference.path("type").asText()).isEqualTo("visualization");
            shown.add("visualization/" + reference.path("id").asText());
        }
        assertThat(panelRefs).containsExactly("panel_0", "panel_1", "panel_2", "panel_3", "panel_4", "panel_5", "panel_6",
                "panel_7", "panel_8");
        assertThat(shown).containsExactlyInAnyOrderElementsOf(ofType("visualization").stream()
                .map(ClickstreamDashboardFileTest::key).collect(Collectors.toList()));
    }

    private static JsonNode searchSource(JsonNode attributes) throws IOException {
        JsonNode json = attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON");
        assertThat(json.isTextual()).as("searchSourceJSON is a JSON string").isTrue();
        return MAPPER.readTree(json.asText());
    }

    private static JsonNode referenceNamed(JsonNode object, String name) {
        for (JsonNode reference : object.get("references")) {
            if (reference.path("name").asText().equals(name)) {
                return reference;
            }
        }
        return null;
    }
}
