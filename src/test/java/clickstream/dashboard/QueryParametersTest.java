package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    private static final Set<String> RANGE_SIZE = Set.of("range", "size");

    @Test
    void rangeDefaultsTo15MinutesAndKnowsTheThreeRanges() {
        assertThat(QueryParameters.parse(null, "/api/x", RANGE_SIZE).range()).isEqualTo(DashboardRange.MINUTES_15);
        assertThat(QueryParameters.parse("", "/api/x", RANGE_SIZE).range()).isEqualTo(DashboardRange.MINUTES_15);
        assertThat(QueryParameters.parse("range=15m", "/api/x", RANGE_SIZE).range()).isEqualTo(DashboardRange.MINUTES_15);
        assertThat(QueryParameters.parse("range=1h", "/api/x", RANGE_SIZE).range()).isEqualTo(DashboardRange.HOUR_1);
        assertThat(QueryParameters.parse("range=24h&size=3", "/api/x", RANGE_SIZE).range()).isEqualTo(DashboardRange.HOURS_24);
    }

    @Test
    void unknownRangeNamesTheChoices() {
        assertThatThrownBy(() -> QueryParameters.parse("range=7d", "/api/x", RANGE_SIZE).range())
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown range '7d': use one of 15m, 1h, 24h");
        assertThatThrownBy(() -> QueryParameters.parse("range", "/api/x", RANGE_SIZE).range())
                .hasMessage("unknown range '': use one of 15m, 1h, 24h");
    }

    @Test
    void unknownOrRepeatedParametersAreRefused() {
        assertThatThrownBy(() -> QueryParameters.parse("rnage=1h", "/api/volume", Set.of("range")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown parameter 'rnage' for /api/volume: use range");
        assertThatThrownBy(() -> QueryParameters.parse("a=1", "/api/counters", Set.of()))
                .hasMessage("unknown parameter 'a' for /api/counters: it takes none");
        assertThatThrownBy(() -> QueryParameters.parse("range=1h&range=1h", "/api/x", RANGE_SIZE))
                .hasMessage("parameter 'range' is given more than once");
        assertThatThrownBy(() -> QueryParameters.parse("range=%zz", "/api/x", RANGE_SIZE))
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("malformed query string");
    }

    @Test
    void wholeNumbersAreCheckedAgainstTheirBounds() {
        QueryParameters none = QueryParameters.parse("", "/api/x", RANGE_SIZE);
        assertThat(none.intValue("size", 10, 1, 50)).isEqualTo(10);
        assertThat(QueryParameters.parse("size=50", "/api/x", RANGE_SIZE).intValue("size", 10, 1, 50)).isEqualTo(50);
        assertThat(QueryParameters.parse("size=%32", "/api/x", RANGE_SIZE).intValue("size", 10, 1, 50)).isEqualTo(2);
        assertThatThrownBy(() -> QueryParameters.parse("size=51", "/api/x", RANGE_SIZE).intValue("size", 10, 1, 50))
                .hasMessage("size = 51 is out of range: use 1 to 50");
        assertThatThrownBy(() -> QueryParameters.parse("size=x", "/api/x", RANGE_SIZE).intValue("size", 10, 1, 50))
                .hasMessage("size = 'x' is not a whole number: use 1 to 50");
    }

    @Test
    void categoryIsAllByDefaultOrOneTheModelKnows() {
        Set<String> trending = Set.of("category", "size", "bots");
        assertThat(QueryParameters.parse("", "/api/trending", trending).category()).isEmpty();
        assertThat(QueryParameters.parse("category=all", "/api/trending", trending).category()).isEmpty();
        assertThat(QueryParameters.parse("category=tech", "/api/trending", trending).category())
                .contains(clickstream.model.Category.TECH);
        assertThatThrownBy(() -> QueryParameters.parse("category=Tech", "/api/trending", trending).category())
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown category 'Tech': use all or one of politics, tech, sports, business, entertainment,"
                        + " science, health, world");
        assertThatThrownBy(() -> QueryParameters.parse("category=", "/api/trending", trending).category())
                .hasMessageStartingWith("unknown category '':");
    }

    @Test
    void botsAreExcludedByDefaultAndIncludedOnlyWhenAsked() {
        Set<String> rangeBots = Set.of("range", "bots");
        assertThat(QueryParameters.parse(null, "/api/engagement", rangeBots).bots()).isEqualTo(BotFilter.EXCLUDE);
        assertThat(QueryParameters.parse("bots=exclude", "/api/engagement", rangeBots).bots()).isEqualTo(BotFilter.EXCLUDE);
        assertThat(QueryParameters.parse("bots=include", "/api/engagement", rangeBots).bots()).isEqualTo(BotFilter.INCLUDE);
        assertThatThrownBy(() -> QueryParameters.parse("bots=true", "/api/engagement", rangeBots).bots())
                .isInstanceOf(BadRequestException.class)
                .hasMessage("unknown bots 'true': use exclude (the default) or include");
    }
}
