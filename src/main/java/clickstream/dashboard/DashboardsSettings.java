package clickstream.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import clickstream.config.ConfigurationException;

/**
 * The options of the import command, read like the app's settings: an environment variable
 * ({@code DASHBOARDS_URL}) wins over a system property ({@code -Ddashboards.url}), which wins over the default.
 * They are command options, not app properties, so they are not in application.properties.
 */
public record DashboardsSettings(URI url, Path file, String username, String password) {

    public static final String URL = "dashboards.url";
    public static final String FILE = "dashboards.file";
    public static final String USERNAME = "dashboards.username";
    public static final String PASSWORD = "dashboards.password";

    static final String DEFAULT_URL = "http://localhost:5601";
    static final String DEFAULT_FILE = "dashboards/clickstream.ndjson";

    /** @param lookup the raw value of a key, or null; see {@link #environmentThenSystem} */
    public static DashboardsSettings from(Function<String, String> lookup) {
        URI url = baseUrl(value(lookup, URL).orElse(DEFAULT_URL));
        Path file = Path.of(value(lookup, FILE).orElse(DEFAULT_FILE));
        String username = value(lookup, USERNAME).orElse(null);
        String password = value(lookup, PASSWORD).orElse(null);
        if ((username == null) != (password == null)) {
            throw new ConfigurationException(username != null
                    ? USERNAME + " is set but " + PASSWORD + " is not: set both (-D" + PASSWORD + "=... or " + envName(PASSWORD) + "), or neither"
                    : PASSWORD + " is set but " + USERNAME + " is not: set both (-D" + USERNAME + "=... or " + envName(USERNAME) + "), or neither");
        }
        return new DashboardsSettings(url, file, username, password);
    }

    /** Environment variable first (DASHBOARDS_URL), then system property (dashboards.url), as Camel Main does. */
    public static Function<String, String> environmentThenSystem(Map<String, String> environment, Properties system) {
        return key -> {
            String fromEnv = environment.get(envName(key));
            return fromEnv != null ? fromEnv : system.getProperty(key);
        };
    }

    public boolean basicAuth() {
        return username != null;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Optional<String> value(Function<String, String> lookup, String key) {
        return Optional.ofNullable(lookup.apply(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static URI baseUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new ConfigurationException(URL + " = '" + raw + "' is not an http(s) base URL: write it as http://host:5601"
                    + " (with the base path if Dashboards has one, e.g. https://host/dashboards)");
        }
        // the API path is appended to the base path, so drop trailing slashes
        String text = uri.toString().replaceAll("/+$", "");
        return URI.create(text);
    }
}
