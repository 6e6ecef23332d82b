package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class StaticResourcesTest {

    private final StaticResources resources = new StaticResources(StaticResourcesTest.class.getClassLoader());

    @Test
    void servesThePageItsScriptAndEchartsFromTheClasspath() {
        String page = new String(resources.load("web/index.html"), StandardCharsets.UTF_8);
        assertThat(page).contains("<script src=\"vendor/echarts.min.js\"></script>", "<script src=\"dashboard.js\"></script>");
        for (String id : new String[] {"chart-event-types", "chart-volume", "chart-top-users", "chart-device-category",
                "counter-indexed", "counter-dead-lettered", "counter-in-rate", "counter-out-rate", "counter-lag"}) {
            assertThat(page).contains("id=\"" + id + "\"");
        }
        assertThat(new String(resources.load("web/dashboard.js"), StandardCharsets.UTF_8)).contains("api/volume");
        assertThat(resources.echarts().length).isGreaterThan(500_000);
        // the page must not reach out to a CDN: everything is served by the app
        assertThat(page).doesNotContain("http://", "https://");
    }

    @Test
    void aMissingResourceIsABuildProblem() {
        assertThatThrownBy(() -> resources.load("web/missing.css")).hasMessageContaining("web/missing.css is missing");
    }
}
