package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every field the visualizations aggregate on is mapped by the index template with a type OpenSearch can
 * aggregate, so no panel ends up empty or failing with "Fielddata is disabled on text fields". The sessions
 * visualizations are checked against the session documents' mapping (opensearch/sessions-template.json,
 * the sessions route's template).
 */
class DashboardFieldsMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "date", "date_nanos", "long", "integer", "short", "byte",
            "double", "float", "half_float", "scaled_float", "unsigned_long", "boolean", "ip");

    private static JsonNode properties;
    private static JsonNode sessionProperties;
    /** visualization id -> its visState */
    private static Map<String, JsonNode> visStates;

    @BeforeAll
    static void read() throws IOException {
        String template;
        try (InputStream in = DashboardFieldsMappingTest.class.getResourceAsStream("/opensearch/index-template.json")) {
            assertThat(in).as("opensearch/index-template.json on the classpath").isNotNull();
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // ${shards} etc. stand in number and string positions; any number makes the JSON parseable in both
        properties = MAPPER.readTree(template.replaceAll("\\$\\{[^}]+}", "1")).at("/template/mappings/properties");
        assertThat(properties.isObject()).isTrue();
        try (InputStream in = DashboardFieldsMappingTest.class.getResourceAsStream("/opensearch/sessions-template.json")) {
            String sessions = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sessionProperties = MAPPER.readTree(sessions.replaceAll("\\$\\{[^}]+}", "1")).at("/template/mappings/properties");
        }
        assertThat(sessionProperties.isObject()).isTrue();

        visStates = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ClickstreamDashboardFileTest.FILE, StandardCharsets.UTF_8)) {
            JsonNode object = MAPPER.readTree(line);
            if (object.path("type").asText().equals("visualization")) {
                visStates.put(object.get("id").asText(), MAPPER.readTree(object.at("/attributes/visState").asText()));
            }
        }
        assertThat(visStates).hasSize(9);
    }

    /**
     * The fields an aggregation reads: params.field, and the field of a nested (sub-)aggregation parameter; of a
     * TSVB ("metrics") visualization its time field, the field it splits rows by (pivot_id) and its series' fields.
     */
    static List<String> aggregatedFields(JsonNode visState) {
        List<String> fields = new ArrayList<>();
        for (JsonNode agg : visState.path("aggs")) {
            collectFields(agg.path("params"), fields);
        }
        if (visState.path("type").asText().equals("metrics")) {
            JsonNode params = visState.path("params");
            fields.add(params.path("time_field").asText());
            if (params.hasNonNull("pivot_id")) {
                fields.add(params.path("pivot_id").asText());
            }
            collectFields(params.path("series"), fields);
        }
        return fields;
    }

    private static void collectFields(JsonNode node, List<String> fields) {
        if (node.isObject()) {
            node.fields().forEachRemaining(entry -> {
                if (entry.getKey().equals("field") && entry.getValue().isTextual()) {
                    fields.add(entry.getValue().asText());
                } else {
                    collectFields(entry.getValue(), fields);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectFields(child, fields));
        }
    }

    /** Why a field cannot be aggregated on, or null when it can. */
    static String problem(String field) {
        return problem(properties, field);
    }

    private static String problem(JsonNode properties, String field) {
        JsonNode mapping = properties.path(field);
        if (mapping.isMissingNode()) {
            return field + " is not in the index template";
        }
        String type = mapping.path("type").asText();
        return AGGREGATABLE.contains(type) ? null : field + " is mapped as " + type + ", which cannot be aggregated";
    }

    @Test
    void everyAggregatedFieldIsMappedAndAggregatable() {
        int checked = 0;
        for (Map.Entry<String, JsonNode> vis : visStates.entrySet()) {
            List<String> fields = aggregatedFields(vis.getValue());
            assertThat(fields).as(vis.getKey() + " aggregates on some field").isNotEmpty();
            JsonNode mapping = ClickstreamDashboardFileTest.SESSION_VISUALIZATIONS.contains(vis.getKey()) ? sessionProperties : properties;
            for (String field : fields) {
                assertThat(problem(mapping, field)).as(vis.getKey() + ": " + field).isNull();
                checked++;
            }
        }
        // 5 of the first four charts; trending 2, engagement 2 + 2, session lengths 2, bounce rate 1
        assertThat(checked).isEqualTo(5 + 2 + 4 + 2 + 1);
    }

    @Test
    void theCheckRejectsTextAndUnmappedFields() {
        // the check above can fail: comment_text is text, a typo is unmapped
        assertThat(problem("comment_text")).contains("text");
        assertThat(problem("event_typ")).contains("not in the index template");
        assertThat(problem("timestamp")).isNull();
    }

    @Test
    void fieldCollectionFindsNestedFields() throws IOException {
        JsonNode visState = MAPPER.readTree("{\"aggs\":[{\"type\":\"count\",\"params\":{}},"
                + "{\"type\":\"terms\",\"params\":{\"field\":\"a\",\"orderAgg\":{\"type\":\"max\",\"params\":{\"field\":\"b\"}}}},"
                + "{\"type\":\"filters\",\"params\":{\"filters\":[{\"input\":{\"query\":\"x\"}}]}}]}");
        assertThat(aggregatedFields(visState)).containsExactly("a", "b");
    }

    @Test
    void eachVisualizationShowsWhatTheDashboardPromises() {
        assertThat(bucketAgg("clickstream-event-types", "terms", "segment").path("field").asText()).isEqualTo("event_type");
        assertThat(visStates.get("clickstream-event-types").path("type").asText()).isEqualTo("pie");

        assertThat(visStates.get("clickstream-event-volume").path("type").asText()).isIn("line", "area");
        assertThat(bucketAgg("clickstream-event-volume", "date_histogram", "segment").path("field").asText()).isEqualTo("timestamp");

        assertThat(visStates.get("clickstream-top-users").path("type").asText()).isIn("histogram", "horizontal_bar");
        JsonNode users = bucketAgg("clickstream-top-users", "terms", "segment");
        assertThat(users.path("field").asText()).isEqualTo("user_id");
        assertThat(users.path("size").asInt()).isBetween(10, 20);
        assertThat(users.path("order").asText()).isEqualTo("desc");
        assertThat(users.path("orderBy").asText()).isEqualTo("1");
        assertThat(metricTypes("clickstream-top-users")).containsExactly("count");

        assertThat(visStates.get("clickstream-device-category-heatmap").path("type").asText()).isEqualTo("heatmap");
        assertThat(bucketAgg("clickstream-device-category-heatmap", "terms", "segment").path("field").asText()).isEqualTo("device_type");
        assertThat(bucketAgg("clickstream-device-category-heatmap", "terms", "group").path("field").asText()).isEqualTo("category");
    }

    @Test
    void theNewPanelsShowWhatTheLivePageShows() {
        assertThat(visStates.get("clickstream-trending-articles").path("type").asText()).isEqualTo("table");
        JsonNode articles = bucketAgg("clickstream-trending-articles", "terms", "bucket");
        assertThat(articles.path("field").asText()).isEqualTo("article_id");
        assertThat(articles.path("orderBy").asText()).isEqualTo("1");

        for (String id : List.of("clickstream-engagement-by-category", "clickstream-engagement-by-device")) {
            JsonNode params = visStates.get(id).path("params");
            assertThat(params.path("filter").path("query").asText()).as(id).isEqualTo("not is_bot:true");
            List<String> ratios = new ArrayList<>();
            params.path("series").forEach(series -> series.path("metrics").forEach(metric -> {
                assertThat(metric.path("type").asText()).isEqualTo("filter_ratio");
                assertThat(metric.path("denominator").asText()).isEqualTo("event_type:view");
                ratios.add(metric.path("numerator").asText());
            }));
            assertThat(ratios).as(id).containsExactly("event_type:like", "event_type:comment", "event_type:share");
        }
        assertThat(visStates.get("clickstream-engagement-by-category").at("/params/pivot_id").asText()).isEqualTo("category");
        assertThat(visStates.get("clickstream-engagement-by-device").at("/params/pivot_id").asText()).isEqualTo("device_type");

        JsonNode lengths = bucketAgg("clickstream-session-lengths", "range", "segment");
        assertThat(lengths.path("field").asText()).isEqualTo("duration_ms");
        // the live page's length buckets (SessionStats.LENGTHS)
        List<String> edges = new ArrayList<>();
        lengths.path("ranges").forEach(r -> edges.add(r.path("from").asText() + ".." + r.path("to").asText("")));
        assertThat(edges).containsExactlyElementsOf(SessionStats.LENGTHS.stream()
                .map(b -> b.fromMillis() + ".." + (b.toMillis() == null ? "" : b.toMillis())).toList());
        assertThat(bucketAgg("clickstream-bounce-rate", "terms", "segment").path("field").asText()).isEqualTo("bounce");
    }

    private static JsonNode bucketAgg(String visId, String type, String schema) {
        for (JsonNode agg : visStates.get(visId).path("aggs")) {
            if (agg.path("type").asText().equals(type) && agg.path("schema").asText().equals(schema)) {
                assertThat(agg.path("enabled").asBoolean(true)).as(visId + " " + type).isTrue();
                return agg.path("params");
            }
        }
        throw new AssertionError(visId + " has no " + type + " aggregation as " + schema);
    }

    private static List<String> metricTypes(String visId) {
        List<String> types = new ArrayList<>();
        visStates.get(visId).path("aggs").forEach(agg -> {
            if (agg.path("schema").asText().equals("metric")) {
                types.add(agg.path("type").asText());
            }
        });
        return types;
    }
}
