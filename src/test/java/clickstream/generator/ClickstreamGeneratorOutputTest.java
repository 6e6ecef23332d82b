package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.EventType;
import clickstream.model.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ClickstreamGeneratorOutputTest {

    private static final Instant START = Instant.parse("2026-11-26T05:31:02Z");
    private static final Set<String> COMMON = Set.of("event_id", "event_type", "user_id", "session_id", "timestamp",
            "device_type", "referrer", "user_agent");

    private static List<String> json(ClickstreamGenerator generator, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ClickEventJson.toJson(generator.next()));
        }
        return out;
    }

    /** The event with its two ids blanked: what a seed repeats. */
    private static ClickEvent content(ClickEvent e) {
        return new ClickEvent("", e.eventType(), e.userId(), "", e.timestamp(), e.deviceType(), e.articleId(),
                e.category(), e.commentText(), e.referrer(), e.userAgent(), e.isBot());
    }

    @Test
    void sameSeedClockAndIdKeyGiveIdenticalJson() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        RunIds key = new RunIds(0x0123456789abcdefL, 0xfedcba9876543210L);
        List<String> first = json(new ClickstreamGenerator(GeneratorSettings.defaults(), fixed, key), 10_000);
        List<String> second = json(new ClickstreamGenerator(GeneratorSettings.defaults(), fixed,
                new RunIds(0x0123456789abcdefL, 0xfedcba9876543210L)), 10_000);
        assertThat(second).isEqualTo(first);
        assertThat(new HashSet<>(first)).hasSize(10_000);
    }

    @Test
    void sameSeedRepeatsTheContentButNeverTheIds() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        List<ClickEvent> a = new ClickstreamGenerator(GeneratorSettings.defaults(), fixed).next(20_000);
        List<ClickEvent> b = new ClickstreamGenerator(GeneratorSettings.defaults(), fixed).next(20_000);

        assertThat(b.stream().map(ClickstreamGeneratorOutputTest::content).toList())
                .isEqualTo(a.stream().map(ClickstreamGeneratorOutputTest::content).toList());
        // the same sessions: session ids of a map one to one onto those of b, position by position
        Map<String, String> sessionOfBForA = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
            String previous = sessionOfBForA.putIfAbsent(a.get(i).sessionId(), b.get(i).sessionId());
            assertThat(previous).isIn(null, b.get(i).sessionId());
        }
        assertThat(new HashSet<>(sessionOfBForA.values())).hasSameSizeAs(sessionOfBForA.keySet());

        Set<String> eventIdsA = a.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        Set<String> eventIdsB = b.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
        assertThat(eventIdsA).hasSize(a.size());
        assertThat(eventIdsB).hasSize(b.size());
        Set<String> idsA = new HashSet<>(eventIdsA);
        idsA.addAll(sessionOfBForA.keySet());
        Set<String> shared = new HashSet<>(eventIdsB);
        shared.addAll(sessionOfBForA.values());
        shared.retainAll(idsA); // hash sets: assertj's doesNotContainAnyElementsOf is quadratic
        assertThat(shared).as("event and session ids of b that a has too").isEmpty();
    }

    @Test
    void idsAreVersion4Uuids() {
        for (ClickEvent e : new ClickstreamGenerator(GeneratorSettings.defaults(), Clock.fixed(START, ZoneOffset.UTC))
                .next(5_000)) {
            for (String id : List.of(e.eventId(), e.sessionId())) {
                UUID uuid = UUID.fromString(id);
                assertThat(uuid.version()).isEqualTo(4);
                assertThat(uuid.variant()).isEqualTo(2); // IETF
                assertThat(uuid.toString()).isEqualTo(id); // canonical: 36 characters, lower case
            }
        }
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        List<ClickEvent> a = new ClickstreamGenerator(GeneratorSettings.defaults(), fixed).next(1000);
        List<ClickEvent> b = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(43), fixed).next(1000);
        assertThat(content(b.get(0))).isNotEqualTo(content(a.get(0)));
        assertThat(b.stream().map(ClickstreamGeneratorOutputTest::content).toList())
                .isNotEqualTo(a.stream().map(ClickstreamGeneratorOutputTest::content).toList());
    }

    @Test
    void timestampsComeFromTheClockWithMilliseconds() {
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(), new SteppingClock(START, 7));
        long expected = START.toEpochMilli();
        for (int i = 0; i < 5000; i++) {
            ClickEvent e = generator.next();
            assertThat(e.timestamp()).matches(Timestamps.PATTERN).isEqualTo(Timestamps.format(expected));
            expected += 7;
        }
        assertThat(new ClickstreamGenerator(GeneratorSettings.defaults(), Clock.fixed(START, ZoneOffset.UTC))
                .next().timestamp()).isEqualTo("2026-11-26T05:31:02.000Z");
    }

    @Test
    void jsonCarriesExactlyTheFieldsOfEachEventTypeAndRoundTrips() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(), new SteppingClock(START, 3));
        Set<EventType> checked = new HashSet<>();
        for (int i = 0; i < 4000; i++) {
            ClickEvent event = generator.next();
            byte[] bytes = ClickEventJson.toBytes(event);
            JsonNode json = plain.readTree(bytes);
            Set<String> names = new HashSet<>();
            json.fieldNames().forEachRemaining(names::add);
            Set<String> expected = new HashSet<>(COMMON);
            if (event.eventType().isArticleEvent()) {
                expected.add("article_id");
                expected.add("category");
            }
            if (event.eventType() == EventType.COMMENT) {
                expected.add("comment_text");
            }
            if (event.bot()) {
                // a crawler: is_bot, and no referrer (crawlers send none)
                expected.add("is_bot");
                expected.remove("referrer");
                assertThat(event.eventType()).isEqualTo(EventType.VIEW);
                assertThat(event.userAgent()).containsIgnoringCase("bot");
            }
            assertThat(names).as("fields of %s", event.eventType()).isEqualTo(expected);
            assertThat(json.get("event_type").asText()).isEqualTo(event.eventType().value());
            assertThat(json.get("timestamp").asText()).matches(Timestamps.PATTERN);
            assertThat(json.get("session_id").asText()).hasSize(36);
            assertThat(ClickEventJson.fromJson(bytes)).isEqualTo(event);
            assertThat(plain.readValue(bytes, ClickEvent.class)).isEqualTo(event);
            checked.add(event.eventType());
        }
        assertThat(checked).containsExactlyInAnyOrder(EventType.values());
    }
}
