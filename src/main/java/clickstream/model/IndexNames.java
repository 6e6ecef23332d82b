package clickstream.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import clickstream.indexing.EventValidator;
import clickstream.config.ConfigurationException;

/**
 * Daily index names taken from the event's own timestamp ({@code <prefix>-2026.11.26}), so a late or replayed
 * event always lands in the same index as its first delivery and its document id stays unique.
 */
public final class IndexNames {

    private final String prefix;
    // the last day seen and its index name: consecutive events nearly always share a day
    private String lastDay = "";
    private String lastIndex = "";

    public IndexNames(String prefix) {
        this.prefix = validPrefix(prefix);
    }

    /** @param utcDate the event's UTC day, {@code yyyy-MM-dd}, as {@link EventValidator} found it */
    public synchronized String forDate(String utcDate) {
        if (!utcDate.equals(lastDay)) {
            lastDay = utcDate;
            lastIndex = prefix + "-" + utcDate.replace('-', '.');
        }
        return lastIndex;
    }

    public String prefix() {
        return prefix;
    }

    /** OpenSearch index names are lower case and may not contain these characters. */
    public static String validPrefix(String prefix) {
        if (prefix.isEmpty() || !prefix.equals(prefix.toLowerCase(java.util.Locale.ROOT))
                || !prefix.matches("[a-z0-9][a-z0-9._-]*") || prefix.length() > 200) {
            throw new ConfigurationException("opensearch.index-prefix = '" + prefix
                    + "' is not a valid index name prefix: use lower-case letters, digits, '-', '_' or '.' (e.g. clickstream)");
        }
        return prefix;
    }

    // ---- the sessions index and the daily indices' dates (docs/sessions-and-retention.md) ----------------------

    private static final Pattern DAILY_SUFFIX = Pattern.compile("-(\\d{4})\\.(\\d{2})\\.(\\d{2})");

    /** The one index of session documents, {@code <prefix>-sessions} (clickstream.sessions.SessionRollup). */
    public static String sessionsIndex(String prefix) {
        return prefix + "-sessions";
    }

    /**
     * The events of {@code <prefix>-*} without the sessions index, which that wildcard also matches: what a search
     * or count over the events uses.
     */
    public static String eventsPattern(String prefix) {
        return prefix + "-*,-" + sessionsIndex(prefix);
    }

    /** The day in a daily index name {@code <prefix>-yyyy.MM.dd}, or empty for any other name (and impossible dates). */
    public static Optional<LocalDate> dailyIndexDate(String prefix, String index) {
        if (!index.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = DAILY_SUFFIX.matcher(index.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
