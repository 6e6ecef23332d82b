package clickstream.indexing;

/** A record that can never be indexed as it is; carries the reason code for the dead-letter headers. */
public class InvalidEventException extends Exception {

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String message) {
        super(message, null, false, false); // expected per bad record: no stack trace to fill
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
