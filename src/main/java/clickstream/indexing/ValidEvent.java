package clickstream.indexing;

/** A record that passed validation: its id is the document id and its UTC day (yyyy-MM-dd) names the daily index; json is sent as is. */
public record ValidEvent(String eventId, String utcDate, String json) {
}
