package clickstream.indexing;

import java.nio.charset.StandardCharsets;

/**
 * A record that passed validation: its id is the document id and its UTC day (yyyy-MM-dd) names the daily index;
 * {@code document} is the record's own single-line UTF-8 JSON, sent as is (so equals/hashCode compare it by
 * identity; nothing keys on them).
 */
public record ValidEvent(String eventId, String utcDate, byte[] document) {

    /** The document as text (tests, logs); the indexer sends {@link #document()} without decoding it. */
    public String json() {
        return new String(document, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ValidEvent[" + eventId + ", " + utcDate + ", " + json() + "]";
    }
}
