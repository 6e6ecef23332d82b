package clickstream.reconcile;

import java.util.List;
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
 * @param deletedUnread      partitions whose log start has passed the group's committed offset: records deleted
 *                           (retention, delete-records) before the indexer read them. They are in no other figure
 *                           ({@code produced} counts what the topic holds now), so only this says they are lost.
 */
public record Reconciliation(Reconciler.Scope scope, long produced, long indexed, long deadLettered,
                             long deadLetterRecords, OptionalLong duplicatesInjected, long notYetConsumed,
                             List<DeletedUnread> deletedUnread) {

    public Reconciliation {
        deletedUnread = List.copyOf(deletedUnread);
    }

    /** produced − indexed − dead-lettered − duplicates (when known): 0 = nothing lost, nothing duplicated. */
    public long difference() {
        return produced - indexed - deadLettered - duplicatesInjected.orElse(0);
    }

    /** Records deleted before the indexer read them, over all partitions. */
    public long deletedUnreadRecords() {
        return deletedUnread.stream().mapToLong(DeletedUnread::count).sum();
    }

    /** The difference is 0 and no record was deleted unread. */
    public boolean balanced() {
        return difference() == 0 && deletedUnread.isEmpty();
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
        row(out, "difference", String.format("%,d", difference()) + (difference() == 0 ? "  OK" : "  MISMATCH"));
        row(out, "not yet consumed (" + scope.consumerGroup() + " lag)", String.format("%,d", notYetConsumed));
        row(out, "deleted before the indexer read them", String.format("%,d", deletedUnreadRecords())
                + (deletedUnread.isEmpty() ? "  OK" : "  LOST"));
        for (DeletedUnread gap : deletedUnread) {
            out.append("    ").append(gap.describe()).append('\n');
        }
        if (!deletedUnread.isEmpty()) {
            out.append("Retention (or a delete-records call) removed records of ").append(scope.topic())
                    .append(" that group ").append(scope.consumerGroup())
                    .append(" had not read: they were never indexed or dead-lettered.\n");
        }
        if (difference() != 0 && notYetConsumed > 0) {
            out.append("The indexer has not caught up yet: run it again once the lag is 0.\n");
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-56s %16s%n", label, value));
    }
}
