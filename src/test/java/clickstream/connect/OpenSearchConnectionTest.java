package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import clickstream.config.ConfigurationException;

class OpenSearchConnectionTest {

    @Test
    void parsesSeveralHostsWithDefaultPorts() {
        assertThat(OpenSearchConnection.parseHosts("https://a:9200,https://b"))
                .containsExactly(URI.create("https://a:9200"), URI.create("https://b:443"));
    }

    @Test
    void rejectsHostsThatMixSchemes() {
        assertThatThrownBy(() -> OpenSearchConnection.parseHosts("http://a:9200,https://b"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.hosts")
                .hasMessageContaining("mixes http and https");
    }

    @Test
    void httpWithoutPortDefaultsTo9200AndSpacesAreTrimmed() {
        assertThat(OpenSearchConnection.parseHosts(" http://node1 , http://node2:9443 ,"))
                .containsExactly(URI.create("http://node1:9200"), URI.create("http://node2:9443"));
    }

    @Test
    void pathsAndCredentialsInTheUrlAreNotKept() {
        assertThat(OpenSearchConnection.parseHosts("http://localhost:9200/"))
                .containsExactly(URI.create("http://localhost:9200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9200", "ftp://x", "", "  ", ",", "localhost", "http://", "http://a b:9200"})
    void rejectsWhatIsNotAnHttpUrl(String value) {
        assertThatThrownBy(() -> OpenSearchConnection.parseHosts(value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.hosts")
                .hasMessageContaining("http://host:9200");
    }

    @Test
    void theMessageShowsTheBadEntry() {
        assertThatThrownBy(() -> OpenSearchConnection.parseHosts("http://good:9200,ftp://bad"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'ftp://bad'");
    }
}
