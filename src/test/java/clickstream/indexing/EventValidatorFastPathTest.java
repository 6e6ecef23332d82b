package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validator's hand-written checks give exactly what the regular expression and Instant.parse give. */
class EventValidatorFastPathTest {

    /** No bounds: what the date reading alone gives. */
    private static String utcDate(String timestamp) throws InvalidEventException {
        return EventValidator.utcDate(timestamp, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void uuidCheckAgreesWithTheRegularExpression() {
        List<String> ids = new ArrayList<>(List.of("", "evt-1", "12345678-1234-1234-1234-12345678901",
                "12345678-1234-1234-1234-12345678901g", "123456781234123412341234567890ab",
                "12345678-1234-1234-1234-1234567890ab-", "12345678_1234-1234-1234-1234567890ab",
                "ABCDEF01-abcd-ABCD-0123-456789abcdef", "ghijkl01-abcd-ABCD-0123-456789abcdef",
                "12345678-1234-1234-1234-1234567890a/", "12345678-1234-1234-1234-1234567890a:",
                "12345678-1234-1234-1234-1234567890a@", "12345678-1234-1234-1234-1234567890a`"));
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 2_000; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            // one character replaced by anything printable
            char[] chars = id.toCharArray();
            chars[rnd.nextInt(chars.length)] = (char) (32 + rnd.nextInt(95));
            ids.add(new String(chars));
        }
        for (String id : ids) {
            assertThat(EventValidator.isUuid(id)).as(id).isEqualTo(EventValidator.UUID_PATTERN.matcher(id).matches());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T05:31:02.123Z", "2026-11-26T00:00:00.000Z", "2026-11-26T23:59:59.999Z",
            "2024-02-29T12:00:00.000Z", "2000-02-29T12:00:00.000Z", "1999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z",
            "2026-04-30T10:00:00.000Z", "2026-11-26T01:30:00.000+02:00", "2026-11-26T22:30:00-05:00",
            "2026-11-26T05:31:02Z", "2026-11-26T05:31:02.123456Z",
            // not the canonical form or not a real time: Instant.parse decides, accepting some (24:00, lower case)
            "2026-11-26T24:00:00.000Z", "2026-11-26T24:00:00.001Z", "2026-11-26T23:59:60.000Z", "2026-11-26t12:00:00.000z",
            "2026-13-01T00:00:00.000Z", "2026-00-01T00:00:00.000Z", "2026-02-29T00:00:00.000Z", "1900-02-29T00:00:00.000Z",
            "2026-04-31T00:00:00.000Z", "2026-11-00T00:00:00.000Z", "2026-11-26T12:60:00.000Z", "2026-11-26T12:00:61.000Z",
            "2026-11-26 12:00:00.000Z", "2026-11-2aT12:00:00.000Z", "+2026-11-26T12:00:00.000Z", "2026-11-26T12:00:00.0-0Z",
            // edge years Instant.parse accepts: a date, or refused where the UTC date is past LocalDate's, never thrown
            "+999999999-12-31T23:59:59-01:00", "+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "0000-01-01T00:00:00.000Z", "0000-02-29T00:00:00.000Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"})
    void utcDateIsTheDayOfInstantParseOrRefusedLikeIt(String timestamp) {
        String expected;
        try {
            expected = Instant.parse(timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        } catch (RuntimeException e) {
            expected = null;
        }
        if (expected != null) {
            assertThat(catching(timestamp)).as(timestamp).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> utcDate(timestamp)).as(timestamp).isInstanceOf(InvalidEventException.class);
        }
    }

    @Test
    void everyMillisecondFormOfARandomInstantGivesItsDayAndItsEpochMillis() {
        SplittableRandom rnd = new SplittableRandom(2);
        // from year 0000 to past 9999: the fast path takes exactly the 4-digit years
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochMilli(rnd.nextLong(-62_167_219_200_000L, 260_000_000_000_000L));
            String text = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(ZoneOffset.UTC).format(instant);
            if (text.length() == 24) {
                assertThat(catching(text)).as(text).isEqualTo(instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
                assertThat(EventValidator.canonicalUtcMillis(text)).as(text).isEqualTo(instant.toEpochMilli());
            }
        }
    }

    @Test
    void theRangeCheckAgreesBetweenTheFastAndTheSlowPath() throws InvalidEventException {
        long now = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
        long earliest = now - 30L * 86_400_000;
        long latest = now + 3_600_000;
        // each instant in its canonical form (fast path) and with an offset (Instant.parse)
        for (long millis : new long[] {earliest - 1, earliest, earliest + 1, latest - 1, latest, latest + 1, now,
                Instant.parse("0000-01-01T00:00:00Z").toEpochMilli()}) {
            Instant instant = Instant.ofEpochMilli(millis);
            String canonical = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(ZoneOffset.UTC).format(instant);
            String offset = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
                    .format(instant.atOffset(ZoneOffset.ofHours(-5)));
            assertThat(EventValidator.canonicalUtcMillis(canonical)).as(canonical).isEqualTo(millis);
            boolean inRange = millis >= earliest && millis <= latest;
            for (String text : List.of(canonical, offset)) {
                if (inRange) {
                    assertThat(EventValidator.utcDate(text, earliest, latest)).as(text)
                            .isEqualTo(instant.atOffset(ZoneOffset.UTC).toLocalDate().toString());
                } else {
                    assertThatThrownBy(() -> EventValidator.utcDate(text, earliest, latest)).as(text)
                            .isInstanceOfSatisfying(InvalidEventException.class,
                                    e -> assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE));
                }
            }
        }
    }

    private static String catching(String timestamp) {
        try {
            return utcDate(timestamp);
        } catch (InvalidEventException e) {
            throw new AssertionError(timestamp + " refused: " + e.getMessage(), e);
        }
    }
}
