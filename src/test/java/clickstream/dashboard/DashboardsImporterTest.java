package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** The import command against a stand-in for OpenSearch Dashboards' saved-objects import API. */
class DashboardsImporterTest {

    private static final Path FILE = ClickstreamDashboardFileTest.FILE;
    private static final String ALL_IMPORTED = "{\"success\":true,\"successCount\":12,\"successResults\":["
            + "{\"type\":\"index-pattern\",\"id\":\"clickstream-index-pattern\",\"meta\":{}},"
            + "{\"type\":\"index-pattern\",\"id\":\"clickstream-sessions-index-pattern\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-event-types\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-event-volume\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-top-users\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-device-category-heatmap\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-trending-articles\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-engagement-by-category\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-engagement-by-device\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-session-lengths\",\"meta\":{}},"
            + "{\"type\":\"visualization\",\"id\":\"clickstream-bounce-rate\",\"meta\":{}},"
            + "{\"type\":\"dashboard\",\"id\":\"clickstream-dashboard\",\"meta\":{}}]}";

    /** One request as the stand-in saw it. */
    record Seen(String method, String path, String query, Headers headers, byte[] body) {
    }

    private HttpServer server;
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void dashboards(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getQuery(), exchange.getRequestHeaders(), in.readAllBytes()));
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int importWith(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of(DashboardsSettings.FILE, FILE.toString()));
        all.putAll(options);
        return DashboardsImporter.run(all::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int importInto(String url) {
        return importWith(Map.of(DashboardsSettings.URL, url));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void postsTheFileAsMultipartAndSucceedsWhenEveryObjectIsImported() throws Exception {
        dashboards(200, ALL_IMPORTED);

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.OK);

        assertThat(requests).hasSize(1);
        Seen request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/saved_objects/_import");
        assertThat(request.query()).isEqualTo("overwrite=true");
        assertThat(request.headers().getFirst("osd-xsrf")).isEqualTo("true");
        assertThat(request.headers().containsKey("Authorization")).isFalse();
        Map<String, Part> parts = multipart(request);
        assertThat(parts).containsOnlyKeys("file");
        assertThat(parts.get("file").fileName()).endsWith(".ndjson").isEqualTo("clickstream.ndjson");
        assertThat(parts.get("file").content()).isEqualTo(Files.readAllBytes(FILE));

        assertThat(out()).contains("Importing 12 saved objects").contains("Imported 12 of 12 saved objects")
                .contains("dashboard/clickstream-dashboard");
        assertThat(err()).isEmpty();
    }

    @Test
    void sendsBasicAuthWhenConfiguredAndKeepsThePasswordOutOfTheOutput() throws Exception {
        dashboards(200, ALL_IMPORTED);

        int code = importWith(Map.of(DashboardsSettings.URL, url(), DashboardsSettings.USERNAME, "admin",
                DashboardsSettings.PASSWORD, "s3cret:pw"));

        assertThat(code).isEqualTo(DashboardsImporter.OK);
        assertThat(requests.get(0).headers().getFirst("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:s3cret:pw".getBytes(StandardCharsets.UTF_8)));
        assertThat(out() + err()).doesNotContain("s3cret");
    }

    @Test
    void keepsTheBasePathOfTheUrl() throws Exception {
        dashboards(200, ALL_IMPORTED);

        assertThat(importInto(url() + "/dashboards/")).isEqualTo(DashboardsImporter.OK);

        assertThat(requests.get(0).path()).isEqualTo("/dashboards/api/saved_objects/_import");
    }

    @Test
    void failedObjectsInA200AnswerFailTheImportAndAreNamed() throws Exception {
        dashboards(200, "{\"success\":false,\"successCount\":10,\"errors\":["
                + "{\"id\":\"clickstream-top-users\",\"type\":\"visualization\",\"meta\":{\"title\":\"Clickstream: most active users\"},"
                + "\"error\":{\"type\":\"missing_references\",\"references\":[{\"type\":\"index-pattern\",\"id\":\"clickstream-index-pattern\"}]}},"
                + "{\"id\":\"clickstream-dashboard\",\"type\":\"dashboard\",\"title\":\"Clickstream overview\","
                + "\"error\":{\"type\":\"unknown\",\"message\":\"mapper_parsing_exception\",\"statusCode\":400}}]}");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("Import FAILED: 10 of 12 saved objects imported, success=false, 2 errors")
                .contains("visualization/clickstream-top-users (\"Clickstream: most active users\"): missing_references - missing index-pattern/clickstream-index-pattern")
                .contains("dashboard/clickstream-dashboard (\"Clickstream overview\"): unknown - mapper_parsing_exception (status 400)");
        assertThat(out()).doesNotContain("Imported");
    }

    @Test
    void fewerImportedThanSentFailsEvenWhenSuccessIsTrue() throws Exception {
        dashboards(200, "{\"success\":true,\"successCount\":11}");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("Import FAILED: 11 of 12 saved objects imported, success=true, 0 errors")
                .contains("reported no error for the missing 1 object");
    }

    @Test
    void namesTheObjectMissingFromTheSuccessResults() throws Exception {
        dashboards(200, ALL_IMPORTED.replace("\"successCount\":12", "\"successCount\":11")
                .replace("{\"type\":\"visualization\",\"id\":\"clickstream-top-users\",\"meta\":{}},", ""));

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("visualization/clickstream-top-users: not imported and no error given");
    }

    @Test
    void unauthorizedWithoutCredentialsAsksForThem() throws Exception {
        dashboards(401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Authentication required\"}");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).startsWith("clickstream: dashboards import failed: ")
                .contains("requires a login (HTTP 401: Authentication required)")
                .contains("set dashboards.username and dashboards.password");
    }

    @Test
    void unauthorizedWithCredentialsSaysTheyAreWrong() throws Exception {
        dashboards(401, "Unauthorized");

        int code = importWith(Map.of(DashboardsSettings.URL, url(), DashboardsSettings.USERNAME, "admin",
                DashboardsSettings.PASSWORD, "wrong-pw"));

        assertThat(code).isEqualTo(DashboardsImporter.IMPORT_FAILED);
        assertThat(err()).contains("refused the login of user 'admin' (HTTP 401: Unauthorized)")
                .contains("check dashboards.username and dashboards.password")
                .doesNotContain("wrong-pw");
    }

    @Test
    void notFoundPointsAtTheUrl() throws Exception {
        dashboards(404, "{\"error\":\"no handler found for uri\"}");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("no saved-objects import API at " + url() + "/api/saved_objects/_import?overwrite=true (HTTP 404")
                .contains("dashboards.url must be the OpenSearch Dashboards address");
    }

    @Test
    void aNonJsonAnswerIsAFailure() throws Exception {
        dashboards(200, "<html>proxy login</html>");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("answered HTTP 200 but not with JSON (<html>proxy login</html>)");
    }

    @Test
    void aJsonAnswerWithoutTheImportFieldsIsAFailure() throws Exception {
        dashboards(200, "{\"acknowledged\":true}");

        assertThat(importInto(url())).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("not a saved-objects import result");
    }

    @Test
    void unreachableDashboardsIsAFailure() throws Exception {
        dashboards(200, ALL_IMPORTED);
        String closed = url();
        server.stop(0);
        server = null;

        assertThat(importInto(closed)).isEqualTo(DashboardsImporter.IMPORT_FAILED);

        assertThat(err()).contains("cannot connect to OpenSearch Dashboards at " + closed).contains("dashboards.url");
    }

    @Test
    void aUrlWithoutSchemeIsABadOption() {
        assertThat(importInto("localhost:5601")).isEqualTo(DashboardsImporter.BAD_OPTION);

        assertThat(err()).startsWith("clickstream: dashboards.url = 'localhost:5601' is not an http(s) base URL");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aMissingFileIsABadOption() {
        assertThat(importWith(Map.of(DashboardsSettings.FILE, "dashboards/nope.ndjson"))).isEqualTo(DashboardsImporter.BAD_OPTION);

        assertThat(err()).contains("dashboards.file = 'dashboards/nope.ndjson' does not exist");
    }

    @Test
    void aBrokenLineIsABadOptionBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        dashboards(200, ALL_IMPORTED);
        Path file = dir.resolve("broken.ndjson");
        Files.writeString(file, Files.readAllLines(FILE).get(0) + "\n{\"type\":\"visualization\",\n");

        int code = importWith(Map.of(DashboardsSettings.URL, url(), DashboardsSettings.FILE, file.toString()));

        assertThat(code).isEqualTo(DashboardsImporter.BAD_OPTION);
        assertThat(err()).contains("broken.ndjson line 2 is not JSON");
        assertThat(requests).isEmpty();
    }

    @Test
    void aUsernameWithoutPasswordIsABadOption() {
        assertThat(importWith(Map.of(DashboardsSettings.USERNAME, "admin"))).isEqualTo(DashboardsImporter.BAD_OPTION);

        assertThat(err()).contains("dashboards.username is set but dashboards.password is not");
    }

    @Test
    void environmentVariablesWinOverSystemProperties() {
        Properties system = new Properties();
        system.setProperty("dashboards.url", "http://from-property:5601");
        system.setProperty("dashboards.file", "from-property.ndjson");

        DashboardsSettings settings = DashboardsSettings.from(DashboardsSettings.environmentThenSystem(
                Map.of("DASHBOARDS_URL", "http://from-env:5601/"), system));

        assertThat(settings.url()).hasToString("http://from-env:5601");
        assertThat(settings.file()).hasToString("from-property.ndjson");
        assertThat(settings.basicAuth()).isFalse();
    }

    @Test
    void defaultsToLocalDashboardsAndTheProjectFile() {
        DashboardsSettings settings = DashboardsSettings.from(key -> null);

        assertThat(settings.url()).hasToString("http://localhost:5601");
        assertThat(settings.file()).isEqualTo(FILE);
    }

    /** One form-data part: its file name and raw content. */
    record Part(String fileName, byte[] content) {
    }

    /** Splits a multipart/form-data body by its boundary (byte-exact, through ISO-8859-1). */
    private static Map<String, Part> multipart(Seen request) {
        String contentType = request.headers().getFirst("Content-Type");
        Matcher boundary = Pattern.compile("^multipart/form-data; boundary=(\\S+)$").matcher(contentType);
        assertThat(boundary.matches()).as(contentType).isTrue();
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        assertThat(body).startsWith(delimiter + "\r\n").endsWith("\r\n" + delimiter + "--\r\n");
        String inner = body.substring(delimiter.length() + 2, body.length() - (delimiter.length() + 6));
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String part : inner.split(Pattern.quote("\r\n" + delimiter + "\r\n"))) {
            int split = part.indexOf("\r\n\r\n");
            assertThat(split).as("part headers end").isPositive();
            String headers = part.substring(0, split);
            Matcher disposition = Pattern.compile("(?im)^Content-Disposition: form-data; name=\"([^\"]*)\"(?:; filename=\"([^\"]*)\")?$")
                    .matcher(headers);
            assertThat(disposition.find()).as(headers).isTrue();
            parts.put(disposition.group(1), new Part(disposition.group(2),
                    part.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }
}
