package clickstream.reconcile;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import clickstream.model.TruthMinute;

/**
 * What the generators say they sent, from every record of the ground-truth topic ({@code generator.truth-topic}).
 *
 * @param topic      the truth topic read
 * @param runs       distinct generator runs
 * @param minutes    truth records (a minute of one run each)
 * @param events     events made
 * @param records    records sent to the event topic: events plus the chaos duplicates
 * @param duplicates chaos duplicates among them (refused as already indexed: never a document or a dead letter)
 * @param unreadable records of the topic that are not truth records (left out of every figure)
 */
public record SentPerTruth(String topic, long runs, long minutes, long events, long records, long duplicates,
                           long unreadable) {

    /** Adds up truth records. */
    static final class Sum {
        private final String topic;
        private final Set<String> runs = new HashSet<>();
        private long minutes;
        private long events;
        private long records;
        private long duplicates;
        private long unreadable;

        Sum(String topic) {
            this.topic = topic;
        }

        void add(Optional<TruthMinute> parsed) {
            if (parsed.isEmpty()) {
                unreadable++;
                return;
            }
            TruthMinute minute = parsed.get();
            runs.add(minute.runId());
            minutes++;
            events += minute.events();
            records += minute.records();
            duplicates += minute.chaos(TruthMinute.DUPLICATE);
        }

        SentPerTruth total() {
            return new SentPerTruth(topic, runs.size(), minutes, events, records, duplicates, unreadable);
        }
    }
}
