package clickstream.app;

import static clickstream.app.SecuritySettingsStartupTest.external;
import static clickstream.app.SecuritySettingsStartupTest.startupProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Settings only the routes read (as {{placeholders}}, never through Java) are checked against their declarations at
 * start-up too: one line naming the key, not a route-building stack trace.
 */
class PlaceholderSettingsStartupTest {

    @Test
    void aRouteOnlySettingThatIsNotANumber() {
        assertThat(startupProblem(external(Map.of("indexer.max-poll-records", "two"))).getMessage())
                .isEqualTo("Property indexer.max-poll-records = 'two' is not a whole number: set it to a number between 1 and 1000000"
                        + " (-Dindexer.max-poll-records=...)");
    }

    @Test
    void aRouteOnlyChoiceAndDuration() {
        assertThat(startupProblem(external(Map.of("indexer.auto-offset-reset", "oldest"))).getMessage())
                .startsWith("indexer.auto-offset-reset = 'oldest' is not supported: use earliest, latest or none");
        assertThat(startupProblem(external(Map.of("progress.interval", "10 s"))).getMessage())
                .startsWith("Property progress.interval = '10 s' is not a duration");
    }
}
