package clickstream.dashboard;

import java.io.IOException;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Header;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON endpoints under {@code /api/}: reads the query string strictly (400 on anything unexpected), runs the
 * matching query and answers with its JSON document, which the route marshals (camel-jackson, DashboardRoutes).
 */
public final class DashboardApi {

    static final int DEFAULT_TOP_USERS = 10;
    static final int MAX_TOP_USERS = 50;
    private static final Set<String> RANGE_ONLY = Set.of("range");

    private final DashboardQueries queries;
    private final LiveCounters counters;

    public DashboardApi(DashboardQueries queries, LiveCounters counters) {
        this.queries = queries;
        this.counters = counters;
    }

    public ObjectNode eventTypes(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        return queries.eventTypes(QueryParameters.parse(query, "/api/event-types", RANGE_ONLY).range());
    }

    public ObjectNode volume(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        return queries.volume(QueryParameters.parse(query, "/api/volume", RANGE_ONLY).range());
    }

    public ObjectNode topUsers(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        QueryParameters parameters = QueryParameters.parse(query, "/api/top-users", Set.of("range", "size"));
        DashboardRange range = parameters.range();
        return queries.topUsers(range, parameters.intValue("size", DEFAULT_TOP_USERS, 1, MAX_TOP_USERS));
    }

    public ObjectNode deviceCategory(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        return queries.deviceCategory(QueryParameters.parse(query, "/api/device-category", RANGE_ONLY).range());
    }

    // ---- trending, engagement and sessions panels -----------------------------------------------------------

    private static final Set<String> TRENDING_PARAMETERS = Set.of("category", "size", "bots");
    private static final Set<String> RANGE_AND_BOTS = Set.of("range", "bots");

    public ObjectNode trending(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        QueryParameters parameters = QueryParameters.parse(query, "/api/trending", TRENDING_PARAMETERS);
        return queries.trending(parameters.category(), parameters.bots(),
                parameters.intValue("size", TrendingArticles.DEFAULT_SIZE, 1, TrendingArticles.MAX_SIZE));
    }

    public ObjectNode engagement(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        QueryParameters parameters = QueryParameters.parse(query, "/api/engagement", RANGE_AND_BOTS);
        return queries.engagement(parameters.range(), parameters.bots());
    }

    public ObjectNode sessions(@Header(Exchange.HTTP_QUERY) String query) throws IOException {
        QueryParameters parameters = QueryParameters.parse(query, "/api/sessions", RANGE_AND_BOTS);
        return queries.sessions(parameters.range(), parameters.bots());
    }

    public ObjectNode counters(@Header(Exchange.HTTP_QUERY) String query) {
        QueryParameters.parse(query, "/api/counters", Set.of());
        return counters.snapshot();
    }

    /** The body of an error answer: {@code {"error":"…"}}. */
    public static String error(String message) {
        return DashboardQueries.JSON.createObjectNode().put("error", message).toString();
    }
}
