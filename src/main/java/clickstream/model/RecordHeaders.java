package clickstream.model;

/**
 * Kafka header names the pipeline's parts agree on outside the dead-letter ones ({@link DeadLetterHeaders}): the
 * generator marks a chaos record, the replay counts replays, the reconciliation reads both.
 */
public final class RecordHeaders {

    /** On a record the chaos switch made bad: the kind's code (malformed, missing-field, duplicate, late). */
    public static final String CHAOS = "clickstream.chaos";

    /** The chaos kind whose record is a second copy of a good event (same event id). */
    public static final String CHAOS_DUPLICATE = "duplicate";

    /** How often a record was replayed from the dead-letter topic (decimal text). */
    public static final String REPLAY_COUNT = "clickstream.replay.count";

    private RecordHeaders() {
    }
}
