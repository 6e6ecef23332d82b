package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;
import clickstream.generator.ChaosInjector.Kind;
import clickstream.indexing.EventValidator;
import clickstream.indexing.InvalidEventException;
import clickstream.indexing.RejectReason;
import clickstream.indexing.ValidEvent;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

class ChaosInjectorTest {

    /** Every kind, as generator.chaos.kinds lists them. */
    private static final String ALL_KINDS = String.join(",", Arrays.stream(Kind.values()).map(Kind::code).toList());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00.000Z");
    // bounds as application.properties sets them: late events (up to 48 h back) are still valid
    private static final EventValidator VALIDATOR =
            new EventValidator(16_384, Duration.ofDays(30), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    /** One record the injector sent. */
    record Sent(String key, byte[] value, Kind kind) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private static List<ClickEvent> events(int n) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new ClickstreamGenerator(GeneratorSettings.defaults(), clock).next(n);
    }

    private static List<Sent> run(ChaosInjector chaos, List<ClickEvent> events) {
        List<Sent> sent = new ArrayList<>();
        for (ClickEvent event : events) {
            chaos.emit(event, (key, value, kind) -> sent.add(new Sent(key, value, kind)));
        }
        return sent;
    }

    private static RejectReason rejection(Sent record) {
        try {
            VALIDATOR.validate(record.text());
            return null;
        } catch (InvalidEventException e) {
            return e.reason();
        }
    }

    @Test
    void offSendsEveryEventUntouched() {
        List<ClickEvent> events = events(2_000);
        for (ChaosInjector chaos : List.of(ChaosInjector.off(), ChaosInjector.of(0, ALL_KINDS, 42))) {
            List<Sent> sent = run(chaos, events);
            assertThat(sent).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                assertThat(sent.get(i).value()).isEqualTo(ClickEventJson.toBytes(events.get(i)));
                assertThat(sent.get(i).key()).isEqualTo(events.get(i).userId());
                assertThat(sent.get(i).kind()).isNull();
            }
            assertThat(chaos.enabled()).isFalse();
            assertThat(chaos.injected().values()).containsOnly(0L);
            assertThat(chaos.summary()).isEmpty();
        }
    }

    @Test
    void sameSeedGivesTheSameRecordsAndAnotherSeedOthers() {
        List<ClickEvent> events = events(5_000);
        List<Sent> a = run(ChaosInjector.of(0.2, ALL_KINDS, 42), events);
        List<Sent> b = run(ChaosInjector.of(0.2, ALL_KINDS, 42), events);
        List<Sent> c = run(ChaosInjector.of(0.2, ALL_KINDS, 43), events);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
            assertThat(b.get(i).kind()).isEqualTo(a.get(i).kind());
        }
        assertThat(c.stream().map(Sent::kind).toList()).isNotEqualTo(a.stream().map(Sent::kind).toList());
    }

    @Test
    void injectsAboutTheFractionSpreadOverTheKindsAndCountsThem() {
        List<ClickEvent> events = events(20_000);
        ChaosInjector chaos = ChaosInjector.of(0.1, ALL_KINDS, 42);
        List<Sent> sent = run(chaos, events);

        Map<Kind, Long> injected = chaos.injected();
        long total = injected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isBetween(1_700L, 2_300L); // 10 % of 20,000, seeded
        for (Kind kind : Kind.values()) {
            assertThat(injected.get(kind)).as(kind.code()).isBetween(350L, 650L);
            assertThat(sent.stream().filter(s -> s.kind() == kind).count()).as(kind.code()).isEqualTo(injected.get(kind));
        }
        // a duplicate is one record more; the other kinds replace their event
        assertThat(sent).hasSize(events.size() + injected.get(Kind.DUPLICATE).intValue());
        assertThat(chaos.summary()).isEqualTo(String.format("chaos malformed %,d, missing-field %,d, duplicate %,d, late %,d",
                injected.get(Kind.MALFORMED), injected.get(Kind.MISSING_FIELD), injected.get(Kind.DUPLICATE),
                injected.get(Kind.LATE)));
    }

    @Test
    void malformedRecordsAreTruncatedJson() {
        List<ClickEvent> events = events(500);
        List<Sent> sent = run(ChaosInjector.of(1, "malformed", 42), events);
        assertThat(sent).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            byte[] original = ClickEventJson.toBytes(events.get(i));
            Sent record = sent.get(i);
            assertThat(record.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(record.key()).isEqualTo(events.get(i).userId());
            assertThat(record.value().length).isBetween(1, original.length - 1);
            assertThat(Arrays.copyOf(original, record.value().length)).isEqualTo(record.value());
            assertThat(rejection(record)).isEqualTo(RejectReason.MALFORMED_JSON);
        }
    }

    @Test
    void missingFieldRecordsLackExactlyOneRequiredField() throws Exception {
        List<ClickEvent> events = events(500);
        List<Sent> sent = run(ChaosInjector.of(1, "missing-field", 42), events);
        Set<String> removed = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode original = JSON.readTree(ClickEventJson.toBytes(events.get(i)));
            JsonNode record = JSON.readTree(sent.get(i).value());
            Set<String> missing = new HashSet<>();
            original.fieldNames().forEachRemaining(missing::add);
            record.fieldNames().forEachRemaining(missing::remove);
            assertThat(missing).hasSize(1);
            assertThat(ChaosInjector.REQUIRED_FIELDS).contains(missing.iterator().next());
            removed.addAll(missing);
            record.fields().forEachRemaining(f -> assertThat(f.getValue()).isEqualTo(original.get(f.getKey())));
            assertThat(rejection(sent.get(i))).isEqualTo(RejectReason.INVALID_EVENT);
        }
        assertThat(removed).containsExactlyInAnyOrder(ChaosInjector.REQUIRED_FIELDS);
    }

    @Test
    void lateRecordsAreValidEventsOneToFortyEightHoursBack() throws Exception {
        List<ClickEvent> events = events(500);
        List<Sent> sent = run(ChaosInjector.of(1, "late", 42), events);
        Duration shortest = Duration.ofDays(365);
        Duration longest = Duration.ZERO;
        for (int i = 0; i < events.size(); i++) {
            ClickEvent original = events.get(i);
            ValidEvent valid = VALIDATOR.validate(sent.get(i).text());
            ClickEvent late = ClickEventJson.fromJson(sent.get(i).value());
            assertThat(valid.eventId()).isEqualTo(original.eventId());
            assertThat(sent.get(i).key()).isEqualTo(original.userId());
            assertThat(late).isEqualTo(new ClickEvent(original.eventId(), original.eventType(), original.userId(),
                    original.sessionId(), late.timestamp(), original.deviceType(), original.articleId(),
                    original.category(), original.commentText(), original.referrer(), original.userAgent(), original.isBot()));
            Duration back = Duration.between(late.instant(), original.instant());
            assertThat(back).isBetween(Duration.ofHours(1), Duration.ofHours(48));
            shortest = back.compareTo(shortest) < 0 ? back : shortest;
            longest = back.compareTo(longest) > 0 ? back : longest;
        }
        // spread over the range, not one fixed delay; 12:00 minus up to 48 h reaches two days back
        assertThat(shortest).isLessThan(Duration.ofHours(3));
        assertThat(longest).isGreaterThan(Duration.ofHours(46));
    }

    @Test
    void duplicatesAreExactCopiesOfRecentEarlierRecords() {
        List<ClickEvent> events = events(1_000);
        ChaosInjector chaos = ChaosInjector.of(1, "duplicate", 42);
        List<Sent> sent = run(chaos, events);
        // nothing to copy before the first event: it goes alone, every later event brings one duplicate
        assertThat(chaos.injected(Kind.DUPLICATE)).isEqualTo(events.size() - 1);
        assertThat(sent).hasSize(2 * events.size() - 1);
        List<Sent> originals = new ArrayList<>();
        int e = 0;
        for (Sent record : sent) {
            if (record.kind() == null) {
                assertThat(record.value()).isEqualTo(ClickEventJson.toBytes(events.get(e++)));
                originals.add(record);
                continue;
            }
            assertThat(record.kind()).isEqualTo(Kind.DUPLICATE);
            // a copy of one of the last RECENT_RECORDS records sent before the event it follows
            List<Sent> window = originals.subList(Math.max(0, originals.size() - 1 - ChaosInjector.RECENT_RECORDS),
                    originals.size() - 1);
            assertThat(window.stream().anyMatch(o -> Arrays.equals(o.value(), record.value()) && o.key().equals(record.key())))
                    .as("duplicate %s is a copy of a recent earlier record", record.text()).isTrue();
        }
        assertThat(e).isEqualTo(events.size());
    }

    @Test
    void duplicatesNeverCopyABrokenRecord() {
        List<Sent> sent = run(ChaosInjector.of(0.5, ALL_KINDS, 7), events(5_000));
        assertThat(sent).filteredOn(s -> s.kind() == Kind.DUPLICATE).isNotEmpty()
                .allSatisfy(s -> assertThat(rejection(s)).isNull());
    }

    @Test
    void kindsAreReadLeniently() {
        List<Sent> sent = run(ChaosInjector.of(1, " LATE , ,late", 1), events(100));
        assertThat(sent).extracting(Sent::kind).containsOnly(Kind.LATE);
    }

    @Test
    void wrongSettingsNameTheKey() {
        assertThatThrownBy(() -> ChaosInjector.of(0.1, "malformed,typo", 42))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("generator.chaos.kinds = 'typo' is not supported")
                .hasMessageContaining("malformed, missing-field, duplicate or late");
        assertThatThrownBy(() -> ChaosInjector.of(0.1, " , ", 42))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Property generator.chaos.kinds is empty");
        for (String fraction : new String[] {"1.5", "NaN", "-0.1"}) {
            assertThatThrownBy(() -> ChaosInjector.from(settings(fraction, "late"), 42)).as(fraction)
                    .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Property generator.chaos.fraction = ");
        }
        // no kinds is fine while chaos is off
        assertThat(ChaosInjector.of(0, "", 42).enabled()).isFalse();
        assertThat(ChaosInjector.from(settings("0", ""), 42).enabled()).isFalse();
        assertThat(ChaosInjector.from(settings("0.5", "late"), 42).enabled()).isTrue();
    }

    @Test
    void theSettingDeclaresExactlyTheKinds() {
        assertThat(Generator.CHAOS_KINDS.type().parse(Generator.CHAOS_KINDS.key(), "malformed,missing-field,duplicate,late"))
                .containsExactlyElementsOf(Arrays.stream(Kind.values()).map(Kind::code).toList());
        assertThat(Generator.CHAOS_KINDS.type().description()).isEqualTo(
                "comma-separated list of " + String.join(", ", Arrays.stream(Kind.values()).map(k -> "`" + k.code() + "`")
                        .toList().subList(0, Kind.values().length - 1)) + " or `late`");
    }

    private static Settings settings(String fraction, String kinds) {
        Properties properties = new Properties();
        properties.setProperty(Generator.CHAOS_FRACTION.key(), fraction);
        properties.setProperty(Generator.CHAOS_KINDS.key(), kinds);
        return Settings.of(properties);
    }

    @Test
    void generatorServiceMarksInjectedRecordsWithAHeader() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<ClickEvent> events = events(200);
            GeneratorService service = new GeneratorService(new ClickstreamGenerator(GeneratorSettings.defaults()),
                    new EventPacer(100), context, ChaosInjector.of(1, "late", 42));
            List<Message> records = service.toRecords(events);
            assertThat(records).hasSize(events.size()).allSatisfy(m -> {
                assertThat(m.getHeader(ChaosInjector.HEADER)).isEqualTo("late");
                assertThat(m.getBody()).isInstanceOf(byte[].class);
            });
            assertThat(records.get(0).getHeader(KafkaConstants.KEY)).isEqualTo(events.get(0).userId());

            GeneratorService plain = new GeneratorService(new ClickstreamGenerator(GeneratorSettings.defaults()),
                    new EventPacer(100), context);
            List<Message> untouched = plain.toRecords(events);
            assertThat(untouched).allSatisfy(m -> assertThat(m.getHeaders()).doesNotContainKey(ChaosInjector.HEADER));
            assertThat(untouched.get(0).getBody(byte[].class)).isEqualTo(ClickEventJson.toBytes(events.get(0)));
        }
    }
}
