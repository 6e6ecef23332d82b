package clickstream.dashboard;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Headers on every answer of the page's routes, errors included. The page shows text other people wrote (every
 * name in the events), so it allows scripts, styles, images and connections from this origin only: even if some
 * markup got into the page, an inline script or event handler would not run, nor could anything be sent elsewhere.
 * The page's own files are built for it: no inline script, style or handler (see web/index.html, web/dashboard.css).
 * ECharts draws on a canvas and styles its tooltip through the CSSOM, which the policy does not restrict.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Route step (also of the error handlers), after the request's headers were removed. */
    public static void apply(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // the JSON answers (which hold event text) are never sniffed into HTML or script
        message.setHeader("X-Content-Type-Options", "nosniff");
    }
}
