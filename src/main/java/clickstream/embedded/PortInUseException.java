package clickstream.embedded;

import java.net.BindException;

/**
 * Thrown before an embedded service starts when its port is taken. The message is one line:
 * {@code port 9092 is already in use}. It is a {@link BindException}, so code outside the {@code embedded} profile can
 * catch it without referring to this class.
 */
public class PortInUseException extends BindException {

    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(int port) {
        super("port " + port + " is already in use");
        this.port = port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected condition, reported as one line
    }
}
