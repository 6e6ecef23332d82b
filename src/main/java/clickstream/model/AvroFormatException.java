package clickstream.model;

/** A record value is not a {@link ClickEvent} in Avro single-object encoding; the message says why. */
public final class AvroFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public AvroFormatException(String message) {
        super(message);
    }
}
