package clickstream.reconcile;

import java.util.List;
import java.util.Optional;
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
 * @param truth              what the generators say they sent (their ground truth), when it was read
 */
public record Reconciliation(Reconciler.Scope scope, long produced, long indexed, long deadLettered,
                             long deadLetterRecords, OptionalLong duplicatesInjected, long notYetConsumed,
                             List<DeletedUnread> deletedUnread, Optional<SentPerTruth> truth) {

    public Reconciliation {
        deletedUnread = List.copyOf(deletedUnread);
    }

    /** Without the ground truth. */
    public Reconciliation(Reconciler.Scope scope, long produced, long indexed, long deadLettered, long deadLetterRecords,
            OptionalLong duplicatesInjected, long notYetConsumed, List<DeletedUnread> deletedUnread) {
        this(scope, produced, indexed, deadLettered, deadLetterRecords, duplicatesInjected, notYetConsumed, deletedUnread,
                Optional.empty());
    }

    /**
     * Records the generators sent (per their ground truth) − documents − dead-lettered − the duplicates they sent: 0 =
     * everything sent is found; above 0 = missing (or still in flight); below 0 = found what no truth speaks for
     * (another producer, a generator killed before it published its last minute). Empty without the truth.
     */
    public OptionalLong truthDifference() {
        return truth.map(t -> OptionalLong.of(t.records() - indexed - deadLettered - t.duplicates()))
                .orElse(OptionalLong.empty());
    }

    /** The ground truth, when read, matches what was found. */
    public boolean truthBalanced() {
        return truthDifference().orElse(0) == 0;
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
        if (truth.isPresent()) {
            SentPerTruth t = truth.get();
            long d = truthDifference().getAsLong();
            row(out, "records sent per " + t.topic() + " (" + t.runs() + " runs, " + t.minutes() + " minutes)",
                    String.format("%,d", t.records()));
            row(out, "  of which chaos duplicates", String.format("%,d", t.duplicates()));
            row(out, "sent − indexed − dead-lettered − duplicates", String.format("%,d", d)
                    + (d == 0 ? "  OK" : d > 0 ? "  MISSING" : "  EXTRA"));
            if (t.unreadable() > 0) {
                row(out, "  records of " + t.topic() + " that are not ground truth", String.format("%,d", t.unreadable()));
            }
        }
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
