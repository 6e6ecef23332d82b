package clickstream.dashboard;

import java.io.PrintStream;
import java.util.function.Function;

import clickstream.config.ConfigurationException;

/**
 * Imports the clickstream dashboard (index pattern, visualizations, dashboard) into OpenSearch Dashboards:
 * {@code mvn compile exec:java -Dexec.mainClass=clickstream.dashboard.DashboardsImporter -Ddashboards.url=http://localhost:5601}.
 * Exit code 0 = every object imported, 1 = the import failed or was partial, 2 = a wrong option.
 */
public final class DashboardsImporter {

    static final int OK = 0;
    static final int IMPORT_FAILED = 1;
    static final int BAD_OPTION = 2;

    private DashboardsImporter() {
    }

    public static void main(String[] args) {
        int code = run(DashboardsSettings.environmentThenSystem(System.getenv(), System.getProperties()), System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(Function<String, String> options, PrintStream out, PrintStream err) {
        try {
            DashboardsSettings settings = DashboardsSettings.from(options);
            SavedObjectsFile file = SavedObjectsFile.read(settings.file());
            SavedObjectsImportClient client = new SavedObjectsImportClient(settings);
            out.println("Importing " + file.objects().size() + " saved objects from " + file.path() + " into " + client.importUri());
            return report(client.importObjects(file), out, err);
        } catch (ConfigurationException e) {
            err.println("clickstream: " + e.getMessage());
            return BAD_OPTION;
        } catch (DashboardsImportException e) {
            err.println("clickstream: dashboards import failed: " + e.getMessage());
            return IMPORT_FAILED;
        }
    }

    private static int report(ImportResult result, PrintStream out, PrintStream err) {
        PrintStream stream = result.ok() ? out : err;
        result.report().forEach(stream::println);
        return result.ok() ? OK : IMPORT_FAILED;
    }
}
