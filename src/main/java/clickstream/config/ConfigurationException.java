package clickstream.config;

/**
 * A setting is missing or wrong. The message is one line that names the property and says how to fix it;
 * the app (clickstream.app.ClickstreamApp) prints it without a stack trace and exits non-zero.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
