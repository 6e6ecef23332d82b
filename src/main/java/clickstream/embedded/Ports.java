package clickstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks for the embedded services: a clash is reported in one line instead of a server's stack trace. */
public final class Ports {

    private Ports() {
    }

    /**
     * Fails with a one-line {@link PortInUseException} ({@code port 9092 is already in use}) if something listens on
     * {@code port}. Binds the wildcard address, so a listener on any local address (127.0.0.1, ::1, 0.0.0.0) counts.
     */
    public static void requireFree(int port) throws PortInUseException {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a valid TCP port");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // a TIME_WAIT left by our own previous run must not count as "in use"
            socket.bind(new InetSocketAddress((InetAddress) null, port));
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    /** @return {@code true} if nothing listens on {@code port} */
    public static boolean isFree(int port) {
        try {
            requireFree(port);
            return true;
        } catch (PortInUseException e) {
            return false;
        }
    }

    /** An ephemeral port that was free a moment ago (loopback). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        }
    }
}
