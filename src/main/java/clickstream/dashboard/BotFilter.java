package clickstream.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether the trending, engagement and sessions figures count what a bot did ({@code is_bot: true}, which the
 * events and session documents carry only when true). People only is the default: a crawler's views would make an
 * article trend and its sessions are all bounces.
 */
public enum BotFilter {
    EXCLUDE("exclude"),
    INCLUDE("include");

    private final String key;

    BotFilter(String key) {
        this.key = key;
    }

    /** The query parameter value. */
    public String key() {
        return key;
    }

    /** Adds {@code must_not: term is_bot true} to a bool query when bots are left out. */
    void applyTo(ObjectNode bool) {
        if (this == EXCLUDE) {
            ArrayNode mustNot = bool.has("must_not") ? (ArrayNode) bool.get("must_not") : bool.putArray("must_not");
            mustNot.addObject().putObject("term").put("is_bot", true);
        }
    }

    public static BotFilter parse(String value) {
        if (value == null) {
            return EXCLUDE;
        }
        for (BotFilter filter : values()) {
            if (filter.key.equals(value)) {
                return filter;
            }
        }
        throw new BadRequestException("unknown bots '" + value + "': use exclude (the default) or include");
    }
}
