package clickstream.observe;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import clickstream.config.ConfigurationException;
import clickstream.embedded.Ports;

class ObserveBeansTest {

    @Test
    void aTakenPortFailsInOneLineNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ObserveBeans.requireListenable("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("set http.port to a free port");
        }
    }

    @Test
    void anUnknownHostNamesTheKey() {
        assertThatThrownBy(() -> ObserveBeans.requireListenable("no-such-host.invalid", 8080))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("http.host = 'no-such-host.invalid' does not resolve");
    }

    @Test
    void aFreeLocalPortIsAccepted() {
        assertThatCode(() -> ObserveBeans.requireListenable("127.0.0.1", Ports.freePort())).doesNotThrowAnyException();
    }
}
