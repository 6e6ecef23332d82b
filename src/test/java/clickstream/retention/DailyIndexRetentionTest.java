package clickstream.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DailyIndexRetentionTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void aDayGoesOnceItsEndIsTheRetentionAgo() {
        LocalDate day = LocalDate.parse("2026-11-25");
        Instant dayEnd = Instant.parse("2026-11-26T00:00:00Z");
        assertThat(DailyIndexRetention.expired(day, dayEnd.plus(WEEK).minusMillis(1), WEEK)).isFalse();
        assertThat(DailyIndexRetention.expired(day, dayEnd.plus(WEEK), WEEK)).isTrue();
        // today's and yesterday's indices stay even with the shortest retention, an hour, until their day is over
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        assertThat(DailyIndexRetention.expired(LocalDate.parse("2026-12-03"), now, Duration.ofHours(1))).isFalse();
        assertThat(DailyIndexRetention.expired(LocalDate.parse("2026-12-02"), now, Duration.ofHours(1))).isTrue();
    }

    @Test
    void indicesGoInChunksThatKeepTheUrlShort() {
        List<String> names = IntStream.range(0, 120).mapToObj(i -> "cs-" + i).toList();
        List<List<String>> chunks = DailyIndexRetention.chunks(names);
        assertThat(chunks).hasSize(3);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(names);
        assertThat(DailyIndexRetention.chunks(List.of())).isEmpty();
    }
}
