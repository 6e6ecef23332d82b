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
    void thePageNeedsNothingItsContentSecurityPolicyForbids() {
        // default-src 'self': no inline script, style or event handler, or the browser would not run or apply it
        String page = new String(resources.load("web/index.html"), StandardCharsets.UTF_8);
        assertThat(page).doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)").doesNotContainPattern("(?i)<style")
                .doesNotContainPattern("(?i)\\sstyle=").doesNotContainPattern("(?i)\\son[a-z]+=");
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"dashboard.css\">");
        assertThat(resources.load("web/dashboard.css")).isNotEmpty();
        // event text is never parsed as HTML: tooltips are built from DOM text nodes (see dashboard.js)
        String script = new String(resources.load("web/dashboard.js"), StandardCharsets.UTF_8);
        assertThat(script.replaceAll("(?m)^\\s*//.*$", "")).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write", "<br", "<b>", "eval(", "new Function");
    }

    @Test
    void aMissingResourceIsABuildProblem() {
        assertThatThrownBy(() -> resources.load("web/missing.css")).hasMessageContaining("web/missing.css is missing");
    }
}
