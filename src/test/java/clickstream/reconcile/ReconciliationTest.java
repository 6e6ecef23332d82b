package clickstream.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;


class ReconciliationTest {

    private static final Reconciler.Scope SCOPE = new Reconciler.Scope("clickstream", "clickstream.dlq", "clickstream",
            "clickstream-indexer");

    @Test
    void balancesWhenEveryRecordIsIndexedDeadLetteredOrAKnownDuplicate() {
        Reconciliation result = new Reconciliation(SCOPE, 1_000, 950, 30, 30, OptionalLong.of(20), 0, List.of());
        assertThat(result.difference()).isZero();
        assertThat(result.balanced()).isTrue();
        assertThat(result.table())
                .contains("Reconciliation of topic clickstream")
                .containsPattern("records produced \\(in clickstream\\) +1,000")
                .containsPattern("documents indexed \\(clickstream-yyyy.MM.dd\\) +950")
                .containsPattern("records dead-lettered \\(clickstream.dlq\\) +30")
                .containsPattern("duplicates injected \\(chaos\\) +20")
                .containsPattern("difference +0  OK")
                .containsPattern("deleted before the indexer read them +0  OK")
                .doesNotContain("more than once")
                .doesNotContain("caught up");
    }

    @Test
    void unknownDuplicatesCountAsNone() {
        Reconciliation result = new Reconciliation(SCOPE, 1_000, 950, 30, 32, OptionalLong.empty(), 0, List.of());
        assertThat(result.difference()).isEqualTo(20);
        assertThat(result.balanced()).isFalse();
        assertThat(result.table()).containsPattern("duplicates injected \\(chaos\\) +not counted")
                .containsPattern("difference +20  MISMATCH")
                .containsPattern("dead-lettered more than once \\(extra copies\\) +2");
    }

    @Test
    void aLossOrAnExtraDocumentIsAMismatchAndLagIsPointedOut() {
        assertThat(new Reconciliation(SCOPE, 100, 99, 0, 0, OptionalLong.of(0), 0, List.of()).difference()).isEqualTo(1);
        assertThat(new Reconciliation(SCOPE, 100, 101, 0, 0, OptionalLong.of(0), 0, List.of()).difference()).isEqualTo(-1);
        Reconciliation inFlight = new Reconciliation(SCOPE, 100, 60, 0, 0, OptionalLong.empty(), 40, List.of());
        assertThat(inFlight.balanced()).isFalse();
        assertThat(inFlight.table()).containsPattern("not yet consumed \\(clickstream-indexer lag\\) +40")
                .contains("has not caught up yet");
    }

    @Test
    void recordsDeletedBeforeTheIndexerReadThemAreALossEvenWhenTheFiguresAddUp() {
        // retention took offsets 40..99 of partition 3 unread: "produced" no longer holds them, so the difference is 0
        List<DeletedUnread> gaps = List.of(new DeletedUnread(new TopicPartition("clickstream", 3), 40, 100));
        Reconciliation result = new Reconciliation(SCOPE, 1_000, 1_000, 0, 0, OptionalLong.of(0), 0, gaps);
        assertThat(result.difference()).isZero();
        assertThat(result.deletedUnreadRecords()).isEqualTo(60);
        assertThat(result.balanced()).isFalse();
        assertThat(result.table()).containsPattern("difference +0  OK")
                .containsPattern("deleted before the indexer read them +60  LOST")
                .contains("clickstream-3: offsets 40..99 (60 records) deleted before the group committed them")
                .contains("never indexed or dead-lettered");
    }

    @Test
    void theGroundTruthIsComparedWithWhatWasFound() {
        SentPerTruth truth = new SentPerTruth("clickstream.truth", 2, 14, 980, 1_000, 20, 0);
        Reconciliation balanced = new Reconciliation(SCOPE, 1_000, 950, 30, 30, OptionalLong.empty(), 0, List.of(),
                java.util.Optional.of(truth));
        assertThat(balanced.truthDifference()).hasValue(0);
        assertThat(balanced.truthBalanced()).isTrue();
        assertThat(balanced.table())
                .containsPattern("records sent per clickstream.truth \\(2 runs, 14 minutes\\) +1,000")
                .containsPattern("of which chaos duplicates +20")
                .containsPattern("sent − indexed − dead-lettered − duplicates +0  OK");

        Reconciliation missing = new Reconciliation(SCOPE, 1_000, 940, 30, 30, OptionalLong.empty(), 0, List.of(),
                java.util.Optional.of(new SentPerTruth("clickstream.truth", 1, 3, 980, 1_000, 20, 2)));
        assertThat(missing.truthBalanced()).isFalse();
        assertThat(missing.table()).containsPattern("duplicates +10  MISSING")
                .containsPattern("not ground truth +2");
        // without a truth topic nothing is said about it
        assertThat(new Reconciliation(SCOPE, 1, 1, 0, 0, OptionalLong.empty(), 0, List.of()).table())
                .doesNotContain("truth");
    }
}
