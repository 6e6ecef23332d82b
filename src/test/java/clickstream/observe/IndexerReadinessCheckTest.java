package clickstream.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import clickstream.indexing.IndexerCondition;

class IndexerReadinessCheckTest {

    private static HealthCheck.Result call(IndexerCondition condition) {
        IndexerReadinessCheck check = new IndexerReadinessCheck(condition);
        check.setCamelContext(new DefaultCamelContext());
        return check.call();
    }

    @Test
    void downWithTheReasonWhileACauseStandsAndUpOnceItIsCleared() {
        IndexerCondition condition = new IndexerCondition(Clock.systemUTC());
        assertThat(call(condition).getState()).isEqualTo(HealthCheck.State.UP);

        condition.hold("opensearch.cluster_block_exception", "index clickstream-2026.12.03 is read-only");
        HealthCheck.Result down = call(condition);
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).get().asString().contains("read-only");

        condition.clear("opensearch.cluster_block_exception");
        assertThat(call(condition).getState()).isEqualTo(HealthCheck.State.UP);
    }
}
