package clickstream.dashboard;

/** A request the API cannot answer as asked (unknown range, parameter, …): HTTP 400 with this message. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
