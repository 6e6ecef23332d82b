package clickstream.config;

/**
 * How a setting's text becomes its value: parses it, checks it, and says what it accepts. The one place a setting is
 * validated (a {@link Setting} names its type; {@link Settings} reads through it), and the text of the type/range
 * column of docs/configuration.md. The implementations are in {@link ValueTypes}.
 *
 * @param <T> the value's Java type
 */
public interface ValueType<T> {

    /**
     * The value of {@code raw}, which is stripped of white space and never blank (a blank value is "not set", handled by
     * {@link Settings}), or a {@link ConfigurationException} whose one-line message names {@code key}, shows the
     * value and says how to fix it. Never any other exception: the text comes from files and the environment.
     */
    T parse(String key, String raw);

    /** What it accepts, for docs/configuration.md: {@code integer 1 to 65535}, {@code duration 1m to 36500d}. */
    String description();
}
