package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void alwaysWritesThreeFractionDigits() {
        assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(Instant.parse("2026-11-26T05:31:02.123Z"))).isEqualTo("2026-11-26T05:31:02.123Z");
        assertThat(Timestamps.format(Instant.parse("2026-11-26T05:31:02Z"))).isEqualTo("2026-11-26T05:31:02.000Z");
        assertThat(Timestamps.format(Instant.parse("2024-02-29T23:59:59.009Z"))).isEqualTo("2024-02-29T23:59:59.009Z");
    }

    @Test
    void agreesWithJavaTimeOverTheWholeRange() {
        SplittableRandom rnd = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            long millis = rnd.nextLong(min, max + 1);
            String text = Timestamps.format(millis);
            if (!text.equals(REFERENCE.format(Instant.ofEpochMilli(millis))) || !Timestamps.PATTERN.matcher(text).matches()
                    || Timestamps.parse(text).toEpochMilli() != millis) {
                wrong.add(millis + " -> " + text);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void rejectsYearsWithoutFourDigitForm() {
        long tooLate = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertThatThrownBy(() -> Timestamps.format(tooLate)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timestamps.format(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli() - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
