package clickstream.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeneratorSettingsTest {

    private static GeneratorSettings with(int users, int articles, int sessions, int mean, double logout, double zipf) {
        return new GeneratorSettings(users, articles, 1, sessions, mean, logout, zipf);
    }

    @Test
    void defaultsMatchApplicationProperties() {
        GeneratorSettings d = GeneratorSettings.defaults();
        assertThat(d.usersPoolSize()).isEqualTo(1000);
        assertThat(d.articlesPerCategory()).isEqualTo(200);
        assertThat(d.seed()).isEqualTo(42L);
        assertThat(d.maxActiveSessions()).isEqualTo(200);
        assertThat(d.zipfExponent()).isEqualTo(1.1);
        assertThat(GeneratorSettings.of(1000, 200, 42, 200)).isEqualTo(d);
        assertThat(d.withSeed(7).seed()).isEqualTo(7L);
        assertThat(d.withSeed(7).withSeed(42)).isEqualTo(d);
    }

    @Test
    void acceptsTheBoundaries() {
        assertThat(with(1, 1, 1, 1, 0.0, 0.0).usersPoolSize()).isEqualTo(1);
        assertThat(with(GeneratorSettings.MAX_USERS, GeneratorSettings.MAX_ARTICLES_PER_CATEGORY,
                GeneratorSettings.MAX_USERS, GeneratorSettings.MAX_MEAN_SESSION_EVENTS, 1.0,
                GeneratorSettings.MAX_ZIPF_EXPONENT).maxActiveSessions()).isEqualTo(GeneratorSettings.MAX_USERS);
        assertThat(GeneratorSettings.of(10, 10, Long.MIN_VALUE, 10).seed()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsUsersOutOfRangeNamingTheKey() {
        assertThatThrownBy(() -> with(0, 200, 1, 8, 0.6, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.users ")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> with(GeneratorSettings.MAX_USERS + 1, 200, 1, 8, 0.6, 1.1))
                .hasMessageStartingWith("generator.users ");
    }

    @Test
    void rejectsArticlesOutOfRangeNamingTheKey() {
        assertThatThrownBy(() -> with(10, 0, 1, 8, 0.6, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.articles-per-category ");
        assertThatThrownBy(() -> with(10, GeneratorSettings.MAX_ARTICLES_PER_CATEGORY + 1, 1, 8, 0.6, 1.1))
                .hasMessageStartingWith("generator.articles-per-category ");
    }

    @Test
    void rejectsActiveSessionsOutOfRangeNamingTheKeys() {
        assertThatThrownBy(() -> with(10, 200, 0, 8, 0.6, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.max-active-sessions ");
        assertThatThrownBy(() -> GeneratorSettings.of(100, 200, 42, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("generator.max-active-sessions ")
                .hasMessageContaining("generator.users (100)")
                .hasMessageContaining("was 200");
    }

    @Test
    void rejectsTheOtherSettingsNamingTheirKeys() {
        assertThatThrownBy(() -> with(10, 200, 1, 0, 0.6, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.mean-session-events ");
        assertThatThrownBy(() -> with(10, 200, 1, 8, 1.5, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.logout-probability ");
        assertThatThrownBy(() -> with(10, 200, 1, 8, Double.NaN, 1.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.logout-probability ");
        assertThatThrownBy(() -> with(10, 200, 1, 8, 0.6, -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("generator.zipf-exponent ");
    }

    @Test
    void keysAreThePropertyNames() {
        assertThat(GeneratorSettings.USERS_KEY).isEqualTo("generator.users");
        assertThat(GeneratorSettings.ARTICLES_PER_CATEGORY_KEY).isEqualTo("generator.articles-per-category");
        assertThat(GeneratorSettings.SEED_KEY).isEqualTo("generator.seed");
        assertThat(GeneratorSettings.MAX_ACTIVE_SESSIONS_KEY).isEqualTo("generator.max-active-sessions");
    }
}
