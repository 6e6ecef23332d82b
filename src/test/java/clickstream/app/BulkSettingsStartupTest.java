package clickstream.app;

import static clickstream.app.SecuritySettingsStartupTest.external;
import static clickstream.app.SecuritySettingsStartupTest.startupProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A wrong indexer.max-bulk-bytes stops start-up with one line naming the key. */
class BulkSettingsStartupTest {

    @Test
    void aBulkByteBoundThatIsNotANumber() {
        assertThat(startupProblem(external(Map.of("indexer.max-bulk-bytes", "5MB"))).getMessage())
                .startsWith("Property indexer.max-bulk-bytes = '5MB' is not a whole number");
    }

    @Test
    void aBulkByteBoundTooSmallToHoldAnEvent() {
        assertThat(startupProblem(external(Map.of("indexer.max-bulk-bytes", "0"))).getMessage())
                .startsWith("Property indexer.max-bulk-bytes = 0 is out of range");
    }
}
