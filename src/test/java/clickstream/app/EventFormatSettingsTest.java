package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code event.format}: a wrong value, or Avro with the JSON-only chaos, stops start-up with one line. */
class EventFormatSettingsTest {

    private static String startupProblem(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("kafka.brokers", "localhost:1",
                "opensearch.hosts", "http://localhost:1"));
        settings.putAll(extra);
        return SecuritySettingsStartupTest.startupProblem(settings).getMessage();
    }

    @Test
    void anUnknownFormatNamesTheKeyAndTheChoices() {
        assertThat(startupProblem(Map.of("event.format", "protobuf")))
                .isEqualTo("event.format = 'protobuf' is not supported: use json or avro")
                .doesNotContain("\n");
    }

    @Test
    void avroWithChaosSaysWhichToChange() {
        assertThat(startupProblem(Map.of("event.format", "avro", "generator.chaos.fraction", "0.1")))
                .startsWith("Property generator.chaos.fraction > 0 needs event.format = json")
                .contains("generator.chaos.fraction=0 or event.format=json")
                .doesNotContain("\n");
    }
}
