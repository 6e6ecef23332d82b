package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import clickstream.model.EventFormat;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.model.EventType;
import clickstream.model.TruthMinute;

/** The generator's ground truth: what it sent, per minute of the events' timestamps, and generator.max-events. */
class GroundTruthTest {

    private static final Instant START = Instant.parse("2026-11-26T05:31:50Z");

    /** Whatever the nanos say, this many events are due each tick. */
    private static final class FixedPacer {
        static EventPacer of(int perTick) {
            long[] nanos = {0};
            LongSupplier clock = () -> nanos[0] += 1_000_000_000L;
            return new EventPacer(perTick, clock);
        }
    }

    @Test
    void everyRecordSentIsCountedInTheMinuteOfItsEventsTimestamp() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // 5 ms per clock reading: about 12,000 events over two minutes and a bit
            ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(), new SteppingClock(START, 5));
            GeneratorService service = new GeneratorService(generator, FixedPacer.of(500), context,
                    ChaosInjector.of(0.05, "malformed,missing-field,duplicate,late", 7), EventFormat.JSON, 12_000);
            List<Message> records = new ArrayList<>();
            List<TruthMinute> truth = new ArrayList<>();
            for (int tick = 0; tick < 40; tick++) {
                records.addAll(service.dueRecords());
                service.truthRecords().forEach(m -> {
                    assertThat(m.getHeader(KafkaConstants.KEY)).isEqualTo(service.runId());
                    truth.add(TruthMinute.parse(m.getBody(byte[].class)).orElseThrow());
                });
            }
            // max-events: exactly that many events, then nothing, and the last minute came out at once, partial
            assertThat(truth.stream().mapToLong(TruthMinute::events).sum()).isEqualTo(12_000);
            assertThat(service.dueRecords()).isEmpty();
            assertThat(truth.get(truth.size() - 1).partial()).isTrue();
            assertThat(truth.subList(0, truth.size() - 1)).noneMatch(TruthMinute::partial);
            assertThat(truth).extracting(TruthMinute::minute).doesNotHaveDuplicates().isSorted();
            assertThat(truth.get(0).minute()).isEqualTo(Instant.parse("2026-11-26T05:31:00Z"));
            assertThat(service.finalTruthRecords()).isEmpty();

            // each record: its event's timestamp as the Kafka timestamp; recount what was sent and compare
            Map<Instant, long[]> recount = new java.util.TreeMap<>();
            for (Message record : records) {
                long millis = record.getHeader(KafkaConstants.OVERRIDE_TIMESTAMP, Long.class);
                Instant minute = Instant.ofEpochMilli(millis - Math.floorMod(millis, 60_000L));
                long[] counts = recount.computeIfAbsent(minute, m -> new long[3]);
                counts[0]++;
                String chaos = record.getHeader(ChaosInjector.HEADER, String.class);
                if ("duplicate".equals(chaos)) {
                    counts[1]++;
                } else if (chaos == null) {
                    ClickEvent event = ClickEventJson.fromJson(record.getBody(byte[].class));
                    assertThat(event.instant().toEpochMilli()).isEqualTo(millis);
                    if (event.eventType() == EventType.LOGIN) {
                        counts[2]++;
                    }
                }
            }
            assertThat(truth).allSatisfy(minute -> {
                long[] counts = recount.get(minute.minute());
                assertThat(minute.records()).isEqualTo(counts[0]);
                assertThat(minute.chaos("duplicate")).isEqualTo(counts[1]);
                assertThat(minute.records()).isEqualTo(minute.events() + minute.chaos("duplicate"));
                assertThat(minute.byType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(minute.events());
                assertThat(minute.sessionsStarted()).isGreaterThanOrEqualTo(counts[2]).isPositive();
                assertThat(minute.lateTo().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(minute.chaos("late"));
                assertThat(minute.lateTo().keySet()).allSatisfy(at -> assertThat(at).isBefore(minute.minute()));
            });
            assertThat(truth.stream().mapToLong(TruthMinute::botEvents).sum()).isPositive();
            assertThat(truth.stream().mapToLong(m -> m.chaos("malformed")).sum()).isPositive();
        }
    }

    @Test
    void aMinuteClosesOnlyAfterAGraceAndTheStopHandsOutTheRest() {
        TruthTally tally = new TruthTally("run-1");
        long minute = Instant.parse("2026-11-26T05:31:00Z").toEpochMilli();
        tally.event(event("2026-11-26T05:31:59.999Z"));
        tally.event(event("2026-11-26T05:32:00.001Z"));
        assertThat(tally.closed(minute + 60_000 + TruthTally.GRACE_MILLIS - 1)).isEmpty();
        // an event dated just before the minute's end that comes after the next minute's first one still counts
        tally.event(event("2026-11-26T05:31:59.998Z"));
        List<TruthMinute> closed = tally.closed(minute + 60_000 + TruthTally.GRACE_MILLIS);
        assertThat(closed).singleElement().satisfies(m -> {
            assertThat(m.events()).isEqualTo(2);
            assertThat(m.partial()).isFalse();
            assertThat(m.runId()).isEqualTo("run-1");
        });
        assertThat(tally.finish()).singleElement().satisfies(m -> {
            assertThat(m.minute()).isEqualTo(Instant.parse("2026-11-26T05:32:00Z"));
            assertThat(m.partial()).isTrue();
        });
        assertThat(tally.finish()).isEmpty();
    }

    @Test
    void readsTheTimestampsItWrites() {
        TruthTally tally = new TruthTally("r");
        for (String text : List.of("2026-11-26T05:31:02.123Z", "2026-11-26T05:31:59.999Z", "2026-12-31T23:59:00.000Z",
                "1999-01-01T00:00:00.001Z")) {
            assertThat(tally.millisOf(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
    }

    private static ClickEvent event(String timestamp) {
        return new ClickEvent("0f8fad5b-d9cb-469f-a165-70867728950e", EventType.VIEW, "user-000001",
                "7c9e6679-7425-40de-944b-e07fc1f90ae7", timestamp, clickstream.model.DeviceType.MOBILE, "tech-00001",
                clickstream.model.Category.TECH, null, null, "ua", null);
    }
}
