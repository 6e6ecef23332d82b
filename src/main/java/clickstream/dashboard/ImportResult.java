package clickstream.dashboard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.dashboard.SavedObjectsFile.SavedObject;

/**
 * What the import API answered. It answers HTTP 200 even when objects failed (OpenSearch-Dashboards #12657), so
 * the import counts as done only when {@code success} is true, there are no {@code errors} and
 * {@code successCount} equals the number of objects in the file.
 */
public record ImportResult(List<SavedObject> sent, boolean success, int successCount, List<ImportError> errors,
        List<SavedObject> notImported) {

    /** One failed object as the API reports it: the object, the error type and what the error carries. */
    public record ImportError(String type, String id, String title, String errorType, String detail) {

        @Override
        public String toString() {
            return type + "/" + id + (title.isEmpty() ? "" : " (\"" + title + "\")") + ": " + errorType
                    + (detail.isEmpty() ? "" : " - " + detail);
        }
    }

    static ImportResult fromResponse(JsonNode body, List<SavedObject> sent) throws DashboardsImportException {
        if (!body.path("success").isBoolean() || !body.path("successCount").isIntegralNumber()) {
            throw new DashboardsImportException("the answer is not a saved-objects import result (no success/successCount): "
                    + abbreviate(body.toString()));
        }
        List<ImportError> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            String title = error.path("meta").path("title").asText(error.path("title").asText(""));
            JsonNode cause = error.path("error");
            errors.add(new ImportError(error.path("type").asText("?"), error.path("id").asText("?"), title,
                    cause.path("type").asText("unknown"), detail(cause)));
        }
        // objects that are neither reported as imported nor as failed (only known when the API lists successResults)
        List<SavedObject> notImported = new ArrayList<>();
        if (body.path("successResults").isArray()) {
            Set<String> accounted = new HashSet<>();
            body.path("successResults").forEach(r -> accounted.add(r.path("type").asText() + "/" + r.path("id").asText()));
            errors.forEach(e -> accounted.add(e.type() + "/" + e.id()));
            sent.stream().filter(o -> !accounted.contains(o.toString())).forEach(notImported::add);
        }
        return new ImportResult(List.copyOf(sent), body.get("success").booleanValue(), body.get("successCount").intValue(),
                List.copyOf(errors), List.copyOf(notImported));
    }

    public boolean ok() {
        return success && errors.isEmpty() && successCount == sent.size();
    }

    /** Lines for the console: one summary line, then one line per failed or missing object. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        if (ok()) {
            lines.add("Imported " + successCount + " of " + sent.size() + " saved objects: "
                    + sent.stream().map(SavedObject::toString).collect(Collectors.joining(", ")));
            return lines;
        }
        lines.add("Import FAILED: " + successCount + " of " + sent.size() + " saved objects imported, success=" + success
                + ", " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        errors.forEach(e -> lines.add("  - " + e));
        notImported.forEach(o -> lines.add("  - " + o + ": not imported and no error given"));
        if (errors.isEmpty() && notImported.isEmpty()) {
            lines.add("  - Dashboards reported no error for the missing " + (sent.size() - successCount)
                    + " object(s); sent: " + sent.stream().map(SavedObject::toString).collect(Collectors.joining(", ")));
        }
        return lines;
    }

    private static String detail(JsonNode cause) {
        String type = cause.path("type").asText("");
        switch (type) {
            case "missing_references":
                List<String> refs = new ArrayList<>();
                cause.path("references").forEach(r -> refs.add(r.path("type").asText() + "/" + r.path("id").asText()));
                return "missing " + String.join(", ", refs);
            case "conflict":
                return cause.has("destinationId") ? "conflicts with " + cause.path("destinationId").asText() : "";
            case "ambiguous_conflict":
                List<String> ids = new ArrayList<>();
                cause.path("destinations").forEach(d -> ids.add(d.path("id").asText()));
                return "matches " + String.join(", ", ids);
            case "missing_data_source":
                return "data source " + cause.path("dataSourceName").asText();
            default:
                String message = cause.path("message").asText("");
                return cause.has("statusCode") ? message + " (status " + cause.path("statusCode").asText() + ")" : message;
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
