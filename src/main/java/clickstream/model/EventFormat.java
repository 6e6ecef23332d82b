package clickstream.model;

import java.util.Locale;

/**
 * How an event is written into a Kafka record's value ({@code event.format}); the document in OpenSearch is the
 * event's JSON either way. Generator and indexer must agree: the indexer dead-letters a record of the other format.
 */
public enum EventFormat {
    /** UTF-8 JSON of {@link ClickEvent} ({@link ClickEventJson}); the indexer indexes the bytes as they are. */
    JSON,
    /** Avro single-object encoding ({@link ClickEventAvro}); the indexer decodes it to the same JSON. */
    AVRO;

    /** The setting's value ({@code json} or {@code avro}, as SettingsCatalog has checked it). */
    public static EventFormat of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
