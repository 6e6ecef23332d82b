package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Index names come back from the cluster (outside input) and decide what the retention deletes: only a name the
 * indexer would have made for a real day may parse, and it parses to that day.
 */
class IndexNamesDatePropertyTest {

    @Property
    void everyDailyNameParsesToItsDay(@ForAll @IntRange(min = 0, max = 3_000_000) int epochDay) {
        LocalDate day = LocalDate.ofEpochDay(epochDay - 700_000L);
        if (day.getYear() < 0 || day.getYear() > 9999) {
            return;
        }
        String name = new IndexNames("cs").forDate(day.toString());
        assertThat(IndexNames.dailyIndexDate("cs", name)).contains(day);
    }

    @Property
    void anyOtherNameParsesToNothingOrRoundTrips(@ForAll("names") String name) {
        Optional<LocalDate> day = IndexNames.dailyIndexDate("cs", name);
        day.ifPresent(d -> assertThat(new IndexNames("cs").forDate(d.toString())).isEqualTo(name));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("cs-.0123456789sesionarchv\u0660").ofMaxLength(20);
        Arbitrary<String> nearDaily = Arbitraries.strings().withChars("0123456789.").ofLength(10).map(s -> "cs-" + s);
        return Arbitraries.oneOf(noise, nearDaily, nearDaily.map(s -> s + "x"), Arbitraries.of("cs-sessions",
                "cs-2026.02.30", "cs-2026.13.01", "cs-archive-2020.01.01", "cs2026.01.01", "cs-2026.1.01"));
    }
}
