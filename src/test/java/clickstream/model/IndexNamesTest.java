package clickstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import clickstream.config.ConfigurationException;

class IndexNamesTest {

    @Test
    void dailyIndexFromTheUtcDate() {
        IndexNames names = new IndexNames("clickstream");
        assertThat(names.forDate("2026-11-26")).isEqualTo("clickstream-2026.11.26");
        assertThat(names.forDate("2026-11-26")).isEqualTo("clickstream-2026.11.26");
        assertThat(names.forDate("2026-11-27")).isEqualTo("clickstream-2026.11.27");
        // back to an earlier day: the cache of the last day must not keep the newer name
        assertThat(names.forDate("2026-11-26")).isEqualTo("clickstream-2026.11.26");
        assertThat(names.forDate("2027-01-01")).isEqualTo("clickstream-2027.01.01");
        assertThat(names.prefix()).isEqualTo("clickstream");
    }

    @Test
    void prefixIsPartOfTheName() {
        assertThat(new IndexNames("cs.test_1-a").forDate("2026-01-02")).isEqualTo("cs.test_1-a-2026.01.02");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clickstream", "a", "0events", "click.stream", "click_stream-2"})
    void validPrefixes(String prefix) {
        assertThat(IndexNames.validPrefix(prefix)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ClickStream", "click stream", "-click", "_click", ".click", "click*", "click/stream",
            "click,stream", "click#1", "clické"})
    void invalidPrefixes(String prefix) {
        assertThatThrownBy(() -> new IndexNames(prefix))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.index-prefix")
                .hasMessageContaining("'" + prefix + "'");
    }

    @Test
    void overlongPrefixIsInvalid() {
        assertThat(IndexNames.validPrefix("a".repeat(200))).hasSize(200);
        assertThatThrownBy(() -> IndexNames.validPrefix("a".repeat(201)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("opensearch.index-prefix");
    }
}
