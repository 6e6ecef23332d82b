package clickstream.dashboard;

/** The import did not happen: Dashboards unreachable, refused the request, or answered something unreadable. */
public class DashboardsImportException extends Exception {

    public DashboardsImportException(String message) {
        super(message);
    }

    public DashboardsImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
