package clickstream.reconcile;

import java.util.OptionalLong;

/**
 * What became of the records of one topic: every record produced must be a document (its event_id is the document
 * id, so one document per distinct event), a dead-lettered record, or a duplicate of an earlier record.
 *
 * @param scope              the topic, dead-letter topic, index prefix and consumer group compared
 * @param produced           records in the topic now: per partition end offset minus start offset
 * @param indexed            documents in the daily indices {@code <prefix>-yyyy.MM.dd}
 * @param deadLettered       records of the topic that were dead-lettered (distinct source partition and offset)
 * @param deadLetterRecords  dead-letter records of the topic, a record dead-lettered twice counted twice
 * @param duplicatesInjected records known to repeat an earlier record (chaos mode), or empty when not counted
 * @param notYetConsumed     records the indexer's consumer group has not committed yet (its lag); while it is not
 *                           0 the difference is the work still in flight, not a loss
 */
public record Reconciliation(Reconciler.Scope scope, long produced, long indexed, long deadLettered,
                             long deadLetterRecords, OptionalLong duplicatesInjected, long notYetConsumed) {

    /** produced − indexed − dead-lettered − duplicates (when known): 0 = nothing lost, nothing duplicated. */
    public long difference() {
        return produced - indexed - deadLettered - duplicatesInjected.orElse(0);
    }

    public boolean balanced() {
        return difference() == 0;
    }

    /** The figures as a small table, one per line, for the terminal. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("Reconciliation of topic ").append(scope.topic()).append('\n');
        row(out, "records produced (in " + scope.topic() + ")", String.format("%,d", produced));
        row(out, "documents indexed (" + scope.indexPrefix() + "-yyyy.MM.dd)", String.format("%,d", indexed));
        row(out, "records dead-lettered (" + scope.dlqTopic() + ")", String.format("%,d", deadLettered));
        if (deadLetterRecords != deadLettered) {
            row(out, "  dead-lettered more than once (extra copies)", String.format("%,d", deadLetterRecords - deadLettered));
        }
        row(out, "duplicates injected (chaos)", duplicatesInjected.isPresent()
                ? String.format("%,d", duplicatesInjected.getAsLong()) : "not counted");
        row(out, "difference", String.format("%,d", difference()) + (balanced() ? "  OK" : "  MISMATCH"));
        row(out, "not yet consumed (" + scope.consumerGroup() + " lag)", String.format("%,d", notYetConsumed));
        if (!balanced() && notYetConsumed > 0) {
            out.append("The indexer has not caught up yet: run it again once the lag is 0.\n");
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-56s %16s%n", label, value));
    }
}
