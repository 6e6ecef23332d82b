package clickstream.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.util.TimeUtils;

/**
 * The kinds of value a setting can have ({@link ValueType}): each parses, checks the range, words the one-line error
 * (property, value, fix) and describes itself for docs/configuration.md.
 */
public final class ValueTypes {

    private static final Pattern TIME_PATTERN = Pattern.compile("\\d{1,18}|(?=\\d)(\\d{1,9}d)?(\\d{1,9}h)?(\\d{1,9}m)?(\\d{1,9}s)?(\\d{1,9}ms)?");
    /** Plain decimal notation only: Double.parseDouble would also take 1d, 0x1p3, Infinity. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");

    /** Up to 100 years: every accepted day still has a 4-digit year, and the millis cannot overflow. */
    static final Duration CENTURY = Duration.ofDays(36_500);

    private ValueTypes() {
    }

    /** Any text (trimmed). */
    public static ValueType<String> text() {
        return new ValueType<>() {
            @Override
            public String parse(String key, String raw) {
                return raw;
            }

            @Override
            public String description() {
                return "text";
            }
        };
    }

    /** Text that must match {@code regex} whole; {@code description} says what is accepted, in the error and the docs. */
    public static ValueType<String> matching(String regex, String description) {
        Pattern pattern = Pattern.compile(regex);
        return new ValueType<>() {
            @Override
            public String parse(String key, String raw) {
                if (!pattern.matcher(raw).matches()) {
                    throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not valid: use "
                            + description + " (-D" + key + "=...)");
                }
                return raw;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    public static ValueType<Integer> intRange(int min, int max) {
        ValueType<Long> longs = longRange(min, max);
        return new ValueType<>() {
            @Override
            public Integer parse(String key, String raw) {
                return longs.parse(key, raw).intValue(); // within int: the range is
            }

            @Override
            public String description() {
                return longs.description();
            }
        };
    }

    public static ValueType<Long> longRange(long min, long max) {
        return new ValueType<>() {
            @Override
            public Long parse(String key, String raw) {
                long value;
                try {
                    value = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a whole number: "
                            + "set it to a number between " + min + " and " + max + " (-D" + key + "=...)");
                }
                if (value < min || value > max) {
                    throw new ConfigurationException("Property " + key + " = " + value + " is out of range: "
                            + "set it to a number between " + min + " and " + max + " (-D" + key + "=...)");
                }
                return value;
            }

            @Override
            public String description() {
                if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                    return "integer (64 bits)";
                }
                return max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "integer ≥ " + min : "integer " + min + " to " + max;
            }
        };
    }

    public static ValueType<Double> doubleRange(double min, double max) {
        return new ValueType<>() {
            @Override
            public Double parse(String key, String raw) {
                if (!DECIMAL.matcher(raw).matches()) {
                    throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a number: set it between "
                            + plain(min) + " and " + plain(max) + " (-D" + key + "=...)");
                }
                double value = Double.parseDouble(raw);
                if (!(value >= min && value <= max)) {
                    throw new ConfigurationException("Property " + key + " = " + raw + " is out of range: set it between "
                            + plain(min) + " and " + plain(max) + " (-D" + key + "=...)");
                }
                return value;
            }

            @Override
            public String description() {
                return "number " + plain(min) + " to " + plain(max);
            }
        };
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean parse(String key, String raw) {
                if ("true".equalsIgnoreCase(raw) || "false".equalsIgnoreCase(raw)) {
                    return Boolean.parseBoolean(raw);
                }
                throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' must be true or false");
            }

            @Override
            public String description() {
                return "`true` or `false`";
            }
        };
    }

    /**
     * A duration in Camel's time pattern, as the timers' periods are written: {@code 30d}, {@code 1h30m}, {@code 10s},
     * {@code 500ms}, or a plain number of milliseconds. Camel's own reader turns a typo into 0 and reads {@code 1h1h}
     * as 1h; this one refuses both (units once each, largest first).
     */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        return new ValueType<>() {
            @Override
            public Duration parse(String key, String raw) {
                String fix = ": set it between " + shortText(min) + " and " + shortText(max)
                        + " as e.g. 30d, 1h30m, 90s or 500ms (-D" + key + "=...)";
                if (!TIME_PATTERN.matcher(raw).matches()) {
                    throw new ConfigurationException("Property " + key + " = '" + shown(raw) + "' is not a duration" + fix);
                }
                Duration value = TimeUtils.toDuration(raw); // at most 9 digits a unit: no overflow
                if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                    throw new ConfigurationException("Property " + key + " = " + raw + " is out of range" + fix);
                }
                return value;
            }

            @Override
            public String description() {
                return "duration " + shortText(min) + " to " + shortText(max);
            }
        };
    }

    /** The word {@code forever} (any case: empty) or a {@link #duration}. */
    public static ValueType<Optional<Duration>> durationOrForever(Duration min, Duration max) {
        ValueType<Duration> duration = duration(min, max);
        return new ValueType<>() {
            @Override
            public Optional<Duration> parse(String key, String raw) {
                if (raw.equalsIgnoreCase("forever")) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(duration.parse(key, raw));
                } catch (ConfigurationException e) {
                    throw new ConfigurationException(e.getMessage() + ", or to forever", e);
                }
            }

            @Override
            public String description() {
                return "`forever` or " + duration.description();
            }
        };
    }

    /**
     * One of a few words, in any case; the value is the word as declared. An option may carry a note after the word,
     * {@code "SSL (client certificate)"}, shown in the error and the docs.
     */
    public static ValueType<String> choice(String... options) {
        Map<String, String> notes = new LinkedHashMap<>();
        for (String option : options) {
            int space = option.indexOf(' ');
            notes.put(space < 0 ? option : option.substring(0, space), space < 0 ? "" : option.substring(space));
        }
        return new ValueType<>() {
            @Override
            public String parse(String key, String raw) {
                for (String word : notes.keySet()) {
                    if (word.equalsIgnoreCase(raw)) {
                        return word;
                    }
                }
                throw new ConfigurationException(key + " = '" + shown(raw) + "' is not supported: use "
                        + alternatives(notes, "", "", " or "));
            }

            @Override
            public String description() {
                return alternatives(notes, "`", "`", " or ");
            }
        };
    }

    /** A comma-separated list of {@code item}s, blanks skipped, each once, in the order written. */
    public static <T> ValueType<List<T>> list(ValueType<T> item) {
        return new ValueType<>() {
            @Override
            public List<T> parse(String key, String raw) {
                List<T> values = new ArrayList<>();
                for (String part : raw.split(",")) {
                    String text = part.trim();
                    if (!text.isEmpty()) {
                        T value = item.parse(key, text);
                        if (!values.contains(value)) {
                            values.add(value);
                        }
                    }
                }
                return List.copyOf(values);
            }

            @Override
            public String description() {
                return "comma-separated list of " + item.description();
            }
        };
    }

    private static String alternatives(Map<String, String> notes, String open, String close, String lastSeparator) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, String> option : notes.entrySet()) {
            if (i > 0) {
                text.append(i == notes.size() - 1 ? lastSeparator : ", ");
            }
            text.append(open).append(option.getKey()).append(close).append(option.getValue());
            i++;
        }
        return text.toString();
    }

    /** A duration as the settings write it, in its largest whole unit: 30d, 90s. */
    static String shortText(Duration d) {
        long millis = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis != 0 && millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    /** 0.001, 1, 10000000: no exponent, no trailing .0 */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A value as an error message shows it: on one line, control characters escaped (a value may come from anywhere). */
    static String shown(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
