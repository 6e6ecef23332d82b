package clickstream.dashboard;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts a saved-objects file to OpenSearch Dashboards' import API ({@code POST /api/saved_objects/_import?overwrite=true},
 * multipart field {@code file}) and reads the answer into an {@link ImportResult}.
 */
public final class SavedObjectsImportClient {

    static final String IMPORT_PATH = "/api/saved_objects/_import";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DashboardsSettings settings;
    private final HttpClient http;
    private final Duration requestTimeout;

    public SavedObjectsImportClient(DashboardsSettings settings) {
        this(settings, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    SavedObjectsImportClient(DashboardsSettings settings, Duration connectTimeout, Duration requestTimeout) {
        this.settings = settings;
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: no h2c upgrade attempt on a multipart POST; redirects are reported, not followed with the password
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI importUri() {
        return URI.create(settings.url() + IMPORT_PATH + "?overwrite=true");
    }

    public ImportResult importObjects(SavedObjectsFile file) throws DashboardsImportException {
        MultipartFormData form = MultipartFormData.ofFile("file", file.fileName(), "application/ndjson", file.content());
        HttpRequest.Builder request = HttpRequest.newBuilder(importUri())
                .timeout(requestTimeout)
                .header("osd-xsrf", "true")
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (settings.basicAuth()) {
            // sent up front: a Dashboards with the security plugin does not always send a challenge first
            String token = settings.username() + ":" + settings.password();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new DashboardsImportException("cannot connect to OpenSearch Dashboards at " + settings.url()
                    + " (" + (e.getMessage() != null ? e.getMessage() : "connection refused") + "): is it running? check "
                    + DashboardsSettings.URL, e);
        } catch (HttpTimeoutException e) {
            throw new DashboardsImportException("OpenSearch Dashboards at " + settings.url() + " did not answer in time (" + e.getMessage()
                    + "): is it still starting? check " + DashboardsSettings.URL, e);
        } catch (IOException e) {
            throw new DashboardsImportException("the request to " + importUri() + " failed (" + e + "): check " + DashboardsSettings.URL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DashboardsImportException("interrupted while waiting for " + importUri(), e);
        }
        int status = response.statusCode();
        if (status != 200) {
            throw new DashboardsImportException(httpFailure(status, response));
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new DashboardsImportException(importUri() + " answered HTTP 200 but not with JSON (" + ImportResult.abbreviate(response.body())
                    + "): is " + DashboardsSettings.URL + " the address of OpenSearch Dashboards?", e);
        }
        return ImportResult.fromResponse(body, file.objects());
    }

    private String httpFailure(int status, HttpResponse<String> response) {
        String where = "OpenSearch Dashboards at " + settings.url();
        String message = serverMessage(response.body());
        switch (status) {
            case 401:
                return settings.basicAuth()
                        ? where + " refused the login of user '" + settings.username() + "' (HTTP 401" + message + "): check "
                                + DashboardsSettings.USERNAME + " and " + DashboardsSettings.PASSWORD
                        : where + " requires a login (HTTP 401" + message + "): set " + DashboardsSettings.USERNAME + " and "
                                + DashboardsSettings.PASSWORD;
            case 403:
                return where + " does not let user '" + settings.username() + "' import saved objects (HTTP 403" + message
                        + "): use a user with write access to saved objects";
            case 404:
                return "no saved-objects import API at " + importUri() + " (HTTP 404" + message + "): " + DashboardsSettings.URL
                        + " must be the OpenSearch Dashboards address (port 5601 by default, not OpenSearch's 9200), with its base path if it has one";
            case 415:
                return where + " refused the file (HTTP 415" + message + "): the file name must end in .ndjson";
            default:
                if (status >= 300 && status < 400) {
                    return where + " redirects to " + response.headers().firstValue("Location").orElse("?") + " (HTTP " + status
                            + "): set " + DashboardsSettings.URL + " to the address it redirects to";
                }
                return where + " answered HTTP " + status + message;
        }
    }

    /** ": <message>" from a Dashboards error body ({"statusCode":..,"error":..,"message":..}), else the body's start. */
    private static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json.hasNonNull("message")) {
                return ": " + json.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON, e.g. an HTML page from a proxy: show its start
        }
        return ": " + ImportResult.abbreviate(body);
    }
}
