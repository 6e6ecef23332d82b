package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ClickEventJsonTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String SESSION = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String TS = "2026-11-26T05:31:02.120Z";
    private static final String UA = "Mozilla/5.0 (iPhone)";

    private static ClickEvent login() {
        return new ClickEvent(ID, EventType.LOGIN, "user-000123", SESSION, TS, DeviceType.MOBILE, null, null, null,
                "direct", UA, null);
    }

    private static ClickEvent comment() {
        return new ClickEvent(ID, EventType.COMMENT, "user-000123", SESSION, TS, DeviceType.TABLET, "tech-00042",
                Category.TECH, "Interesting read.", "https://t.co/", UA, null);
    }

    @Test
    void writesExactlyTheSnakeCaseFieldsInOrder() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ClickEventJson.toJson(comment()));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("event_id", "event_type", "user_id", "session_id", "timestamp",
                "device_type", "article_id", "category", "comment_text", "referrer", "user_agent");
        assertThat(json.get("event_type").asText()).isEqualTo("comment");
        assertThat(json.get("device_type").asText()).isEqualTo("tablet");
        assertThat(json.get("category").asText()).isEqualTo("tech");
        assertThat(json.get("timestamp").asText()).isEqualTo(TS).matches(Timestamps.PATTERN);
    }

    @Test
    void leavesOutNullFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ClickEventJson.toBytes(login()));
        assertThat(json.has("article_id")).isFalse();
        assertThat(json.has("category")).isFalse();
        assertThat(json.has("comment_text")).isFalse();
        assertThat(json.size()).isEqualTo(8);
    }

    @Test
    void plainObjectMapperWritesTheSameJson() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(comment())).isEqualTo(ClickEventJson.toJson(comment()));
        assertThat(new ObjectMapper().writeValueAsString(login())).isEqualTo(ClickEventJson.toJson(login()));
    }

    @Test
    void roundTrips() throws Exception {
        for (ClickEvent event : List.of(login(), comment())) {
            assertThat(ClickEventJson.fromJson(ClickEventJson.toBytes(event))).isEqualTo(event);
            assertThat(ClickEventJson.fromJson(ClickEventJson.toJson(event))).isEqualTo(event);
            assertThat(new ObjectMapper().readValue(ClickEventJson.toJson(event), ClickEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void enumsUseLowerCaseValuesBothWays() {
        for (EventType type : EventType.values()) {
            assertThat(type.value()).isEqualTo(type.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(EventType.values()).extracting(EventType::value)
                .containsExactly("login", "view", "like", "comment", "share", "logout", "register");
        assertThat(DeviceType.values()).extracting(DeviceType::value).containsExactly("desktop", "mobile", "tablet");
        assertThat(Category.values()).extracting(Category::value).containsExactly("politics", "tech", "sports",
                "business", "entertainment", "science", "health", "world");
        String json = "{\"event_id\":\"" + ID + "\",\"event_type\":\"share\",\"user_id\":\"user-000001\","
                + "\"session_id\":\"" + SESSION + "\",\"timestamp\":\"" + TS + "\",\"device_type\":\"desktop\","
                + "\"article_id\":\"world-00001\",\"category\":\"world\",\"referrer\":\"direct\",\"user_agent\":\"x\"}";
        ClickEvent event = ClickEventJson.fromJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(event.eventType()).isEqualTo(EventType.SHARE);
        assertThat(event.deviceType()).isEqualTo(DeviceType.DESKTOP);
        assertThat(event.category()).isEqualTo(Category.WORLD);
    }

    @Test
    void ignoresUnknownFieldsButRejectsInvalidEvents() {
        String login = ClickEventJson.toJson(login());
        assertThat(ClickEventJson.fromJson(login.replace("{", "{\"extra\":1,"))).isEqualTo(login());
        assertThatThrownBy(() -> ClickEventJson.fromJson("not json")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> ClickEventJson.fromJson(login.replace("\"event_type\":\"login\"",
                "\"event_type\":\"view\""))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("article_id");
        assertThatThrownBy(() -> ClickEventJson.fromJson(login.replace("\"event_type\":\"login\"",
                "\"event_type\":\"jump\""))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> ClickEventJson.fromJson(login.replace("\"user_id\":\"user-000123\",", "")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("user_id");
    }

    @Test
    void enforcesWhichEventsCarryArticleAndCommentFields() {
        assertThatThrownBy(() -> new ClickEvent(ID, EventType.LOGOUT, "u", SESSION, TS, DeviceType.MOBILE,
                "tech-00001", Category.TECH, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickEvent(ID, EventType.LIKE, "u", SESSION, TS, DeviceType.MOBILE,
                null, null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickEvent(ID, EventType.COMMENT, "u", SESSION, TS, DeviceType.MOBILE,
                "tech-00001", Category.TECH, null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickEvent(ID, EventType.VIEW, "u", SESSION, TS, DeviceType.MOBILE,
                "tech-00001", Category.TECH, "hi", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClickEvent(null, EventType.LOGIN, "u", SESSION, TS, DeviceType.MOBILE,
                null, null, null, null, null, null)).isInstanceOf(NullPointerException.class).hasMessage("event_id");
    }

    @Test
    void exposesTheTimestampAsInstant() {
        assertThat(login().instant().toEpochMilli() % 1000).isEqualTo(120);
    }

    @Test
    void newObjectMapperIsAFreshInstance() {
        assertThat(ClickEventJson.newObjectMapper()).isNotSameAs(ClickEventJson.newObjectMapper());
    }
}
