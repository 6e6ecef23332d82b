package clickstream.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.config.ConfigurationException;

/**
 * A saved-objects export file (NDJSON, one object a line), read before anything is sent so a broken file fails
 * here with its line number, and so the import response can be checked against the number of objects sent.
 */
public record SavedObjectsFile(Path path, byte[] content, List<SavedObject> objects) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One object of the file: what the import answer names when it fails. */
    public record SavedObject(String type, String id, String title) {

        @Override
        public String toString() {
            return type + "/" + id;
        }
    }

    public static SavedObjectsFile read(Path path) {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(DashboardsSettings.FILE + " = '" + path + "' does not exist (relative paths start at "
                    + Path.of("").toAbsolutePath() + "): point it at the saved-objects file, e.g. dashboards/clickstream.ndjson");
        } catch (IOException e) {
            throw new ConfigurationException(DashboardsSettings.FILE + " = '" + path + "' cannot be read (" + e + ")");
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        List<SavedObject> objects = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new ConfigurationException(path + " line " + (i + 1) + " is not JSON (" + e.getOriginalMessage()
                        + "): fix the file given as " + DashboardsSettings.FILE);
            }
            // an export ends with a summary line ({"exportedCount":...}) that the import API skips
            if (node.has("exportedCount")) {
                continue;
            }
            if (!node.path("type").isTextual() || !node.path("id").isTextual()) {
                throw new ConfigurationException(path + " line " + (i + 1)
                        + " is not a saved object (it needs \"type\" and \"id\"): fix the file given as " + DashboardsSettings.FILE);
            }
            objects.add(new SavedObject(node.get("type").asText(), node.get("id").asText(),
                    node.path("attributes").path("title").asText("")));
        }
        if (objects.isEmpty()) {
            throw new ConfigurationException(DashboardsSettings.FILE + " = '" + path + "' holds no saved objects");
        }
        return new SavedObjectsFile(path, content, List.copyOf(objects));
    }

    public String fileName() {
        return path.getFileName().toString();
    }
}
