package clickstream.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of device a session runs on. Serialised as the lower-case {@link #value()}, e.g. {@code "mobile"}. */
public enum DeviceType {
    DESKTOP,
    MOBILE,
    TABLET;

    private final String value = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String value() {
        return value;
    }
}
