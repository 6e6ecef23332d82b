package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;


/** The event date bounds are read at start-up; a wrong one stops the app with one line naming the key. */
class EventBoundsSettingsTest {

    private static final Map<String, String> EXTERNAL =
            Map.of("kafka.brokers", "localhost:1", "opensearch.hosts", "http://localhost:1");

    private static String startupProblem(String key, String value) {
        Map<String, String> settings = new java.util.HashMap<>(EXTERNAL);
        settings.put(key, value);
        return SecuritySettingsStartupTest.startupProblem(settings).getMessage();
    }

    @Test
    void aDurationThatIsNotOneNamesTheKey() {
        assertThat(startupProblem("indexer.max-event-age", "30days"))
                .startsWith("Property indexer.max-event-age = '30days' is not a duration")
                .contains("-Dindexer.max-event-age=");
    }

    @Test
    void boundsOutOfRangeNameTheKey() {
        assertThat(startupProblem("indexer.max-clock-skew", "36501d"))
                .startsWith("Property indexer.max-clock-skew = 36501d is out of range");
        assertThat(startupProblem("indexer.max-event-age", "0s"))
                .startsWith("Property indexer.max-event-age = 0s is out of range")
                .contains("between 1m and 36500d");
    }
}
