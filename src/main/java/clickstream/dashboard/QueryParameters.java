package clickstream.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import clickstream.model.Category;

/**
 * The query string of one API request, read strictly: a parameter the endpoint does not know, or one given twice,
 * is a 400 rather than silently ignored, so a typo ({@code ?rnage=1h}) does not quietly show the default range.
 */
public final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code rawQuery} (may be null or empty) accepting only {@code allowed} names. */
    public static QueryParameters parse(String rawQuery, String endpoint, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!allowed.contains(name)) {
                    throw new BadRequestException("unknown parameter '" + name + "' for " + endpoint
                            + (allowed.isEmpty() ? ": it takes none" : ": use " + String.join(", ", new TreeSet<>(allowed))));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new BadRequestException("parameter '" + name + "' is given more than once");
                }
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("malformed query string: " + e.getMessage());
        }
    }

    public String get(String name) {
        return values.get(name);
    }

    public DashboardRange range() {
        return DashboardRange.parse(values.get("range"));
    }

    /** A whole number parameter in [min, max], or the default when absent. */
    public int intValue(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " = '" + raw + "' is not a whole number: use " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new BadRequestException(name + " = " + value + " is out of range: use " + min + " to " + max);
        }
        return value;
    }

    // ---- trending, engagement and sessions panels (docs/operations.md#live-page) --------------------------------

    /** The value of {@code category} that means every category, also the default. */
    public static final String ALL_CATEGORIES = "all";

    /** {@code category}: one the model knows, or empty for {@code all} (the default). */
    public Optional<Category> category() {
        String raw = values.get("category");
        if (raw == null || raw.equals(ALL_CATEGORIES)) {
            return Optional.empty();
        }
        for (Category category : Category.values()) {
            if (category.value().equals(raw)) {
                return Optional.of(category);
            }
        }
        throw new BadRequestException("unknown category '" + raw + "': use " + ALL_CATEGORIES + " or one of "
                + Arrays.stream(Category.values()).map(Category::value).collect(Collectors.joining(", ")));
    }

    /** {@code bots}: {@code exclude} (the default) leaves out events and sessions marked is_bot, {@code include} counts them. */
    public BotFilter bots() {
        return BotFilter.parse(values.get("bots"));
    }
}
