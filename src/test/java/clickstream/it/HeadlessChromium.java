package clickstream.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.embedded.Ports;

/**
 * A headless Chromium driven through chromedriver's W3C WebDriver HTTP API (the protocol Selenium speaks), with
 * nothing to download: Debian's {@code chromium} and {@code chromium-driver} packages are all it needs. One
 * browser per instance, with a fresh profile; {@link #close()} ends the session and both processes.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser");
    private static final List<String> DRIVERS = List.of("chromedriver");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final String base;
    private final Path profile;
    private String session;

    private HeadlessChromium(Process driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Empty when chromium and chromedriver are installed, else why not. */
    private static Optional<String> whyUnavailable() {
        if (executable(BROWSERS).isEmpty() || executable(DRIVERS).isEmpty()) {
            return Optional.of("chromium and chromedriver are not installed (apt-get install chromium chromium-driver; "
                    + ".ci/run installs them)");
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test when no browser is installed on a developer's machine, but fails it under CI
     * ({@code CI=true}, set by the CI runner of .ci/run), where a skipped browser test would report green.
     */
    public static void requireOrSkip() {
        Optional<String> why = whyUnavailable();
        if (why.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why.get() + ": CI=true, so the browser test fails instead of skipping");
            }
            Assumptions.abort(why.get() + ": the browser test is skipped");
        }
    }

    /** Starts chromedriver on a free loopback port and opens a headless browser window of the given size. */
    public static HeadlessChromium start(Path logDir, int width, int height) throws IOException {
        Path browser = executable(BROWSERS).orElseThrow();
        Path chromedriver = executable(DRIVERS).orElseThrow();
        Files.createDirectories(logDir);
        int port = Ports.freePort();
        Process driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("chromedriver.log").toFile())
                .start();
        HeadlessChromium chromium = new HeadlessChromium(driver, "http://127.0.0.1:" + port,
                Files.createTempDirectory("clickstream-chromium-"));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> chromium.call("GET", "/status", null).path("value").path("ready").asBoolean());
            chromium.newSession(browser, width, height);
            return chromium;
        } catch (RuntimeException | IOException e) {
            chromium.close();
            throw e;
        }
    }

    private void newSession(Path browser, int width, int height) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode chrome = request.putObject("capabilities").putObject("alwaysMatch").putObject("goog:chromeOptions");
        chrome.put("binary", browser.toString());
        chrome.putArray("args")
                .add("--headless").add("--no-sandbox").add("--disable-gpu").add("--disable-background-networking")
                .add("--disable-dev-shm-usage").add("--user-data-dir=" + profile)
                .add("--window-size=" + width + "," + height).add("--hide-scrollbars").add("--force-device-scale-factor=1")
                .add("--no-first-run").add("--no-default-browser-check");
        JsonNode answer = call("POST", "/session", request);
        session = answer.path("value").path("sessionId").asText(null);
        if (session == null) {
            throw new IllegalStateException("chromedriver did not open a session: " + answer);
        }
    }

    public void open(String url) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("url", url);
        call("POST", "/session/" + session + "/url", body);
    }

    /**
     * Runs {@code source} in every document the browser opens from now on, before any of the document's own
     * scripts (Chrome DevTools {@code Page.addScriptToEvaluateOnNewDocument} through chromedriver), so a test can
     * watch what happens from the very first script on.
     */
    public void onEveryDocument(String source) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("cmd", "Page.addScriptToEvaluateOnNewDocument");
        body.putObject("params").put("source", source);
        call("POST", "/session/" + session + "/goog/cdp/execute", body);
    }

    /** Runs {@code script} (a function body; {@code return} gives the result) in the page and returns the result. */
    public JsonNode script(String script) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", "/session/" + session + "/execute/sync", body).path("value");
    }

    /** A PNG of the window. */
    public byte[] screenshot() throws IOException {
        return Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).path("value").asText());
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + answer.path("value").path("message").asText(response.body()));
        }
        return answer;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (Exception ignored) {
            // the driver is ended below either way
        } finally {
            session = null;
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.descendants().forEach(ProcessHandle::destroyForcibly);
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }

    private static Optional<Path> executable(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
