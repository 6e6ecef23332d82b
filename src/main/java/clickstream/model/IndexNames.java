package clickstream.model;

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
}
