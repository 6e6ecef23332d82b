package clickstream.connect;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Asks OpenSearch for only the parts of a bulk response that are read: {@code filter_path} on every {@code _bulk}
 * request of the {@code opensearch:} endpoints' clients ({@link OpenSearchConnection#newRestClient()}). camel-opensearch
 * 4.17's {@code Bulk} operation has no option for it (the opensearch-java {@code BulkRequest} has no such parameter),
 * so it is added to the request line here. A full answer per document also carries {@code _version}, {@code result},
 * {@code _shards}, {@code _seq_no} and {@code _primary_term}: about three times the bytes, which the node writes and the
 * app parses. Kept: what the opensearch client requires to read the answer ({@code took}, {@code errors}, each item's
 * operation, {@code _index} and {@code status}) and what {@code clickstream.indexing.BulkResultHandler} reads
 * ({@code status}, {@code error}, {@code _index}; {@code _id} for logs and other readers).
 */
public final class BulkResponseFilter implements HttpRequestInterceptor {

    /** The response fields kept. */
    public static final String FILTER_PATH = "took,errors,items.*._index,items.*._id,items.*.status,items.*.error";

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        String path = request.getPath();
        if (path != null) {
            request.setPath(filtered(path));
        }
    }

    /** {@code path} (with its query) with the filter added if it is a bulk request that names none. */
    static String filtered(String path) {
        int query = path.indexOf('?');
        String endpoint = query < 0 ? path : path.substring(0, query);
        if (!endpoint.endsWith("/_bulk") || (query >= 0 && path.indexOf("filter_path=", query) >= 0)) {
            return path;
        }
        return path + (query < 0 ? "?" : "&") + "filter_path=" + FILTER_PATH;
    }
}
