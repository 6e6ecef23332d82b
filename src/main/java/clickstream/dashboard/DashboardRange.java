package clickstream.dashboard;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The time ranges the page offers, each with the bucket width that gives its volume chart about 60 points. */
public enum DashboardRange {
    MINUTES_15("15m", Duration.ofMinutes(15), "15s"),
    HOUR_1("1h", Duration.ofHours(1), "1m"),
    HOURS_24("24h", Duration.ofHours(24), "20m");

    public static final DashboardRange DEFAULT = MINUTES_15;

    private final String key;
    private final Duration length;
    private final String interval;

    DashboardRange(String key, Duration length, String interval) {
        this.key = key;
        this.length = length;
        this.interval = interval;
    }

    /** The query parameter value: {@code 15m}, {@code 1h} or {@code 24h}. */
    public String key() {
        return key;
    }

    public Duration length() {
        return length;
    }

    /** The date_histogram fixed_interval of the volume chart. */
    public String interval() {
        return interval;
    }

    /** OpenSearch date math for the start of the range, e.g. {@code now-15m}. */
    public String since() {
        return "now-" + key;
    }

    public static DashboardRange parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        for (DashboardRange range : values()) {
            if (range.key.equals(value)) {
                return range;
            }
        }
        throw new BadRequestException("unknown range '" + value + "': use one of " + keys());
    }

    static String keys() {
        return Arrays.stream(values()).map(DashboardRange::key).collect(Collectors.joining(", "));
    }
}
