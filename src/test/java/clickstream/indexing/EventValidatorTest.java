package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.EventType;

class EventValidatorTest {

    private static final int MAX_BYTES = 16_384;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The validator's clock: half a day after the generated events, every one of them within its bounds. */
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final EventValidator validator = IndexingFixtures.validator(MAX_BYTES, NOW);

    private static List<ClickEvent> generated(int n) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T23:59:59.500Z"), ZoneOffset.UTC);
        return new ClickstreamGenerator(GeneratorSettings.defaults(), clock).next(n);
    }

    private static ClickEvent first(EventType type) {
        return generated(5_000).stream().filter(e -> e.eventType() == type).findFirst().orElseThrow();
    }

    private static String mutate(ClickEvent event, Consumer<ObjectNode> change) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(ClickEventJson.toJson(event));
        change.accept(node);
        return MAPPER.writeValueAsString(node);
    }

    private InvalidEventException rejected(String json) {
        try {
            ValidEvent accepted = validator.validate(json);
            throw new AssertionError("expected a rejection but was accepted: " + accepted);
        } catch (InvalidEventException e) {
            return e;
        }
    }

    @Test
    void acceptsEveryGeneratedEventAndReturnsItsIdAndUtcDate() throws Exception {
        List<ClickEvent> events = generated(2_000);
        assertThat(events).extracting(ClickEvent::eventType).contains(EventType.values());
        for (ClickEvent event : events) {
            String json = ClickEventJson.toJson(event);
            ValidEvent valid = validator.validate(json);
            assertThat(valid.eventId()).isEqualTo(event.eventId());
            // timestamps are strictly increasing per session, so some spill over midnight into the next day
            assertThat(valid.utcDate()).matches("\\d{4}-\\d{2}-\\d{2}")
                    .isEqualTo(event.instant().atOffset(ZoneOffset.UTC).toLocalDate().toString());
            assertThat(valid.json()).isEqualTo(json); // single-line input is sent as is
        }
    }

    @Test
    void utcDateOfAMidnightEvent() throws Exception {
        String json = mutate(first(EventType.VIEW), n -> n.put("timestamp", "2026-11-26T00:00:00.000Z"));
        assertThat(validator.validate(json).utcDate()).isEqualTo("2026-11-26");
    }

    @Test
    void timestampWithAnOffsetGivesTheUtcDate() throws Exception {
        // 01:30 at +02:00 is 23:30 UTC on the day before
        String json = mutate(first(EventType.VIEW), n -> n.put("timestamp", "2026-11-26T01:30:00.000+02:00"));
        assertThat(validator.validate(json).utcDate()).isEqualTo("2026-11-25");
        String west = mutate(first(EventType.VIEW), n -> n.put("timestamp", "2026-11-26T22:30:00-05:00"));
        assertThat(validator.validate(west).utcDate()).isEqualTo("2026-11-27");
    }

    @Test
    void prettyPrintedEventIsCompactedToOneLine() throws Exception {
        ClickEvent event = first(EventType.COMMENT);
        String compact = ClickEventJson.toJson(event);
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(compact));
        assertThat(pretty).contains("\n");

        ValidEvent valid = validator.validate(pretty);

        assertThat(valid.json()).doesNotContain("\n").doesNotContain("\r");
        assertThat(MAPPER.readTree(valid.json())).isEqualTo(MAPPER.readTree(compact));
        assertThat(valid.eventId()).isEqualTo(event.eventId());
        String crlf = pretty.replace("\n", "\r\n");
        assertThat(validator.validate(crlf).json()).doesNotContain("\r").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event_id\": ", "not json", "{'event_id':'x'}", "{\"event_id\":\"x\",}", "}{"})
    void malformedJson(String json) {
        assertThat(rejected(json).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void trailingContentAfterTheObjectIsMalformed() throws Exception {
        String json = ClickEventJson.toJson(first(EventType.VIEW));
        assertThat(rejected(json + " trailing").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected(json + json).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected(json + "}").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void utcDateAgreesWithTheParsedInstant() throws Exception {
        String json = mutate(first(EventType.VIEW), n -> n.put("timestamp", "2026-11-26T24:00:00Z"));
        assertThat(validator.validate(json).utcDate()).isEqualTo("2026-11-27");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"event_id\":\"x\"}]", "\"text\"", "42", "null", "true"})
    void jsonThatIsNotAnObjectIsMalformed(String json) {
        InvalidEventException e = rejected(json);
        assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyValueIsMalformed(String json) {
        assertThat(rejected(json).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void nullValueIsMalformed() {
        assertThat(rejected(null).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "event_type", "user_id", "session_id", "timestamp", "device_type"})
    void missingRequiredField(String field) throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.VIEW), n -> n.remove(field)));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("missing field " + field);
        InvalidEventException nulled = rejected(mutate(first(EventType.VIEW), n -> n.putNull(field)));
        assertThat(nulled.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(nulled.getMessage()).contains(field);
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.LOGIN), n -> n.put("user_id", 12345)));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("user_id").contains("must be a string").contains("number");

        InvalidEventException object = rejected(mutate(first(EventType.LOGIN), n -> n.putObject("session_id")));
        assertThat(object.getMessage()).contains("session_id").contains("object");
    }

    @Test
    void blankFieldNamesTheField() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.LOGIN), n -> n.put("session_id", "  ")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("session_id").contains("blank");
    }

    @Test
    void overlongIdNamesTheField() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.LOGIN), n -> n.put("user_id", "u".repeat(129))));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("user_id").contains("128");
    }

    @Test
    void unknownEventType() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.LOGIN), n -> n.put("event_type", "purchase")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("event_type").contains("purchase");
        // enum values are case-sensitive on the wire
        assertThat(rejected(mutate(first(EventType.LOGIN), n -> n.put("event_type", "LOGIN"))).getMessage())
                .contains("event_type");
    }

    @Test
    void unknownDevice() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.LOGIN), n -> n.put("device_type", "fridge")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("device_type").contains("fridge");
    }

    @Test
    void unknownCategoryOnArticleEvent() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.VIEW), n -> n.put("category", "gossip")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("category").contains("gossip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "2026-11-26T05:31:02", "2026-13-01T00:00:00Z", "1732599062123"})
    void badTimestamp(String timestamp) throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.VIEW), n -> n.put("timestamp", timestamp)));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("timestamp").contains(timestamp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evt-1", "12345678-1234-1234-1234-12345678901", "12345678-1234-1234-1234-12345678901g",
            "123456781234123412341234567890ab"})
    void nonUuidEventId(String id) throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.VIEW), n -> n.put("event_id", id)));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("event_id").contains("UUID");
    }

    @Test
    void articleEventWithoutArticleId() throws Exception {
        for (EventType type : List.of(EventType.VIEW, EventType.LIKE, EventType.COMMENT, EventType.SHARE)) {
            InvalidEventException e = rejected(mutate(first(type), n -> n.remove("article_id")));
            assertThat(e.reason()).as(type.value()).isEqualTo(RejectReason.INVALID_EVENT);
            assertThat(e.getMessage()).as(type.value()).contains("article_id");
        }
        InvalidEventException noCategory = rejected(mutate(first(EventType.SHARE), n -> n.remove("category")));
        assertThat(noCategory.getMessage()).contains("category");
    }

    @Test
    void loginAndLogoutNeedNoArticle() throws Exception {
        ClickEvent login = first(EventType.LOGIN);
        assertThat(ClickEventJson.toJson(login)).doesNotContain("article_id");
        assertThat(validator.validate(ClickEventJson.toJson(login)).eventId()).isEqualTo(login.eventId());
        ClickEvent logout = first(EventType.LOGOUT);
        assertThat(validator.validate(ClickEventJson.toJson(logout)).eventId()).isEqualTo(logout.eventId());
    }

    @Test
    void commentWithoutCommentText() throws Exception {
        InvalidEventException e = rejected(mutate(first(EventType.COMMENT), n -> n.remove("comment_text")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("comment_text");
        InvalidEventException tooLong = rejected(mutate(first(EventType.COMMENT), n -> n.put("comment_text", "x".repeat(2001))));
        assertThat(tooLong.getMessage()).contains("comment_text");
    }

    @Test
    void isBotIsAJsonBooleanWhenPresent() throws Exception {
        ClickEvent view = first(EventType.VIEW);
        for (boolean bot : new boolean[] {true, false}) {
            assertThat(validator.validate(mutate(view, n -> n.put("is_bot", bot))).eventId()).isEqualTo(view.eventId());
        }
        InvalidEventException text = rejected(mutate(view, n -> n.put("is_bot", "true")));
        assertThat(text.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(text.getMessage()).contains("is_bot").contains("string");
        assertThat(rejected(mutate(view, n -> n.put("is_bot", 1))).getMessage()).contains("is_bot").contains("number");
    }

    @Test
    void oversizeIsTooLarge() throws Exception {
        ClickEvent event = first(EventType.VIEW);
        String big = mutate(event, n -> n.put("padding", "p".repeat(MAX_BYTES)));
        InvalidEventException e = rejected(big);
        assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(e.getMessage()).contains(Integer.toString(MAX_BYTES));
        // even when it is not JSON at all: size is checked first
        assertThat(rejected("x".repeat(MAX_BYTES + 1)).reason()).isEqualTo(RejectReason.TOO_LARGE);
    }

    @Test
    void sizeLimitCountsUtf8BytesNotChars() throws Exception {
        ClickEvent event = first(EventType.VIEW);
        String base = ClickEventJson.toJson(event);
        EventValidator small = IndexingFixtures.validator(base.length() + 100, NOW);
        // 60 three-byte characters: 60 chars but 180 bytes, so over the limit in bytes only
        String wide = mutate(event, n -> n.put("referrer", "\u20ac".repeat(60)));
        assertThat(wide.length()).isLessThanOrEqualTo(base.length() + 100);
        assertThatThrownBy(() -> small.validate(wide))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE));
        // the same length in ASCII fits
        String narrow = mutate(event, n -> n.put("referrer", "e".repeat(60)));
        assertThat(small.validate(narrow).eventId()).isEqualTo(event.eventId());
    }

    @Test
    void exactlyAtTheLimitIsAccepted() throws Exception {
        String json = ClickEventJson.toJson(first(EventType.VIEW));
        int bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(IndexingFixtures.validator(bytes, NOW).validate(json).json()).isEqualTo(json);
        assertThat(rejectedBy(IndexingFixtures.validator(bytes - 1, NOW), json).reason()).isEqualTo(RejectReason.TOO_LARGE);
    }

    private static InvalidEventException rejectedBy(EventValidator v, String json) {
        try {
            v.validate(json);
            throw new AssertionError("accepted");
        } catch (InvalidEventException e) {
            return e;
        }
    }

    @Test
    void unknownExtraFieldsAreLeftToTheMapping() throws Exception {
        ClickEvent event = first(EventType.VIEW);
        String json = mutate(event, n -> n.put("extra", 1));
        assertThat(validator.validate(json).json()).isEqualTo(json);
    }

    @Test
    void bytesThatAreNotUtf8JsonAreMalformedEvenWhereJacksonWouldGuessAnEncoding() throws Exception {
        String json = ClickEventJson.toJson(first(EventType.VIEW));
        byte[] utf8 = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        for (byte[] bad : List.of(bom, json.getBytes(java.nio.charset.StandardCharsets.UTF_16BE),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_16LE), new byte[] {'{', (byte) 0xC3, '}'})) {
            InvalidEventException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidEventException.class,
                    () -> validator.validate(bad));
            assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
            assertThat(e.getMessage()).contains("not UTF-8");
        }
        assertThat(validator.validate(utf8).document()).isSameAs(utf8); // the record's own bytes, not a copy
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59-01:00", "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"})
    void timestampPastTheCalendarIsOutOfRangeNotAnException(String timestamp) throws Exception {
        // Instant.parse accepts each of them; the first three made LocalDate throw a DateTimeException
        String json = mutate(first(EventType.VIEW), n -> n.put("timestamp", timestamp));
        InvalidEventException e = rejected(json);
        assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(e.getMessage()).contains(timestamp).contains("indexer.max-event-age");
        // the widest bounds the settings allow (a century each way) refuse them just the same
        EventValidator widest = new EventValidator(MAX_BYTES, Duration.ofDays(36_500), Duration.ofDays(36_500),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(rejectedBy(widest, json).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void timestampIsBoundedByTheMaxAgeAndTheClockSkewBothIncluded() throws Exception {
        ClickEvent view = first(EventType.VIEW);
        Instant earliest = NOW.minus(Duration.ofDays(30));
        Instant latest = NOW.plus(Duration.ofHours(1));
        for (Instant at : List.of(earliest, latest, NOW)) {
            // canonical form (read field by field) and with an offset (Instant.parse): the same answer
            for (String text : List.of(canonical(at), withOffset(at, 2))) {
                assertThat(validator.validate(mutate(view, n -> n.put("timestamp", text))).utcDate()).as(text)
                        .isEqualTo(at.atOffset(ZoneOffset.UTC).toLocalDate().toString());
            }
        }
        for (Instant at : List.of(earliest.minusMillis(1), latest.plusMillis(1), Instant.parse("2001-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"))) {
            for (String text : List.of(canonical(at), withOffset(at, -3))) {
                InvalidEventException e = rejected(mutate(view, n -> n.put("timestamp", text)));
                assertThat(e.reason()).as(text).isEqualTo(RejectReason.OUT_OF_RANGE);
                assertThat(e.getMessage()).as(text).contains(text).contains(earliest.toString()).contains(latest.toString());
            }
        }
    }

    @Test
    void theBoundsFollowTheNowTheyAreGiven() throws Exception {
        ClickEvent view = first(EventType.VIEW);
        byte[] json = ClickEventJson.toBytes(view);
        long then = view.instant().plus(Duration.ofDays(30)).toEpochMilli(); // the event is exactly max-event-age old
        assertThat(validator.validate(json, then).utcDate()).isEqualTo("2026-11-26");
        InvalidEventException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidEventException.class,
                () -> validator.validate(json, then + 1));
        assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void outOfRangeIsOnlyGivenToAnEventValidInEveryOtherWay() throws Exception {
        String oldAndNoArticle = mutate(first(EventType.VIEW), n -> {
            n.put("timestamp", "2001-01-01T00:00:00.000Z");
            n.remove("article_id");
        });
        assertThat(rejected(oldAndNoArticle).reason()).isEqualTo(RejectReason.INVALID_EVENT);
    }

    private static String canonical(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(at);
    }

    private static String withOffset(Instant at, int hours) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
                .format(at.atOffset(ZoneOffset.ofHours(hours)));
    }

    @Test
    void duplicateTopLevelFieldIsMalformedCompactOrPrettyPrinted() throws Exception {
        String json = ClickEventJson.toJson(first(EventType.VIEW));
        String twice = json.substring(0, json.length() - 1) + ",\"category\":\"<b>x</b>\"}";
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(json));
        String prettyTwice = pretty.substring(0, pretty.lastIndexOf('}')) + ",\n  \"category\" : \"<b>x</b>\"\n}";
        // a name spelled with an escape is the same name
        String escaped = json.substring(0, json.length() - 1) + ",\"user\\u005fid\":\"other\"}";
        for (String dup : List.of(twice, prettyTwice, escaped)) {
            InvalidEventException e = rejected(dup);
            assertThat(e.reason()).as(dup).isEqualTo(RejectReason.MALFORMED_JSON);
            assertThat(e.getMessage()).as(dup).contains("duplicate field");
        }
        assertThat(rejected(prettyTwice).getMessage()).contains("'category'");
        assertThat(rejected(escaped).getMessage()).contains("'user_id'");
    }

    @Test
    void aPrettyPrintedEventLosesItsLineBreaksAndNothingElse() throws Exception {
        ClickEvent event = first(EventType.VIEW);
        String json = ClickEventJson.toJson(event);
        // numbers a double cannot hold (1e999 became "Infinity" through a tree), escapes kept as written
        String extra = ",\r\n  \"x\" :\t1e999,\n  \"y\": [0.1000000000000000055511151231257827, -0, 123456789012345678901234567890],"
                + "\n  \"z\": \"caf\\u00e9 \\/ \\\"q\\\"\"\n}";
        String pretty = "{\n  " + json.substring(1, json.length() - 1).replace(",\"", ",\n  \"") + extra;
        ValidEvent valid = validator.validate(pretty);
        assertThat(valid.json()).isEqualTo(pretty.replace("\r", "").replace("\n", ""))
                .contains("1e999").contains("0.1000000000000000055511151231257827").contains("caf\\u00e9");
    }

    @Test
    void nulEscapeInAnyStringIsInvalidButAnEscapedBackslashBeforeU0000IsNot() throws Exception {
        ClickEvent comment = first(EventType.COMMENT);
        for (String text : List.of("a\0b", "\0")) {
            InvalidEventException e = rejected(mutate(comment, n -> n.put("comment_text", text)));
            assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
            assertThat(e.getMessage()).contains("NUL");
        }
        String json = ClickEventJson.toJson(comment);
        InvalidEventException inName = rejected(json.substring(0, json.length() - 1) + ",\"a\\u0000\":1}");
        assertThat(inName.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        // backslash, then the text u0000: no NUL; and an odd run of backslashes before u0000 is one
        String literal = mutate(comment, n -> n.put("comment_text", "C:\\u0000"));
        assertThat(literal).contains("\\\\u0000");
        assertThat(validator.validate(literal).json()).isEqualTo(literal);
        String both = json.substring(0, json.length() - 1) + ",\"a\":\"\\\\\\u0000\"}";
        assertThat(rejected(both).getMessage()).contains("NUL");
        // the raw byte stays malformed (it is how UTF-16 shows)
        assertThat(rejected(mutate(comment, n -> n.put("comment_text", "zq-marker")).replace("zq-marker", "z\0q")).reason())
                .isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "logout"})
    void categoryOnAnyEventTypeMustBeKnown(String type) throws Exception {
        ClickEvent event = first(EventType.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
        InvalidEventException e = rejected(mutate(event, n -> n.put("category", "<img src=x onerror=alert(1)>")));
        assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT);
        assertThat(e.getMessage()).contains("category");
        assertThat(rejected(mutate(event, n -> n.put("category", 7))).getMessage()).contains("category");
        // a known one, or none, is fine
        String tech = mutate(event, n -> n.put("category", "tech"));
        assertThat(validator.validate(tech).json()).isEqualTo(tech);
        assertThat(validator.validate(mutate(event, n -> n.putNull("category"))).eventId()).isEqualTo(event.eventId());
    }
}
