package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    private static List<String> json(GeneratorSettings settings, Clock clock, int n) {
        ClickstreamGenerator generator = new ClickstreamGenerator(settings, clock);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ClickEventJson.toJson(generator.next()));
        }
        return out;
    }

    @Test
    void sameSeedAndClockGiveIdenticalJson() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        List<String> first = json(GeneratorSettings.defaults(), fixed, 10_000);
        List<String> second = json(GeneratorSettings.defaults(), fixed, 10_000);
        assertThat(second).isEqualTo(first);
        // the ids are part of what repeats
        assertThat(new HashSet<>(first)).hasSize(10_000);
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
        List<String> a = json(GeneratorSettings.defaults(), fixed, 1000);
        List<String> b = json(GeneratorSettings.defaults().withSeed(43), fixed, 1000);
        assertThat(b.get(0)).isNotEqualTo(a.get(0));
        assertThat(new HashSet<>(b)).doesNotContainAnyElementsOf(a);
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
