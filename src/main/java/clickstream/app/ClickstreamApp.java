package clickstream.app;

import org.apache.camel.main.Main;

import clickstream.generator.GeneratorRoute;

/**
 * Entry point of {@code mvn camel:run} and of the packaged app: Camel Main with the Java routes, the YAML routes
 * from {@code routes/}, the beans, and the start-up of the services they need.
 */
public final class ClickstreamApp {

    private ClickstreamApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = newMain();
        int code;
        try {
            code = main.run(args);
        } catch (Exception e) {
            ConfigurationException problem = configurationProblem(e);
            if (problem == null) {
                throw e;
            }
            // a wrong setting is one line that says what to change, not a stack trace
            System.err.println("clickstream: " + problem.getMessage());
            code = 2;
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Camel Main wired with everything the app runs; tests start it the same way with other properties. */
    public static Main newMain() {
        Main main = new Main();
        main.addMainListener(new ServicesBootstrap());
        main.configure().addConfiguration(new PipelineBeans());
        main.configure().addConfiguration(new LiveReloadSetup());
        main.configure().addRoutesBuilder(new PipelineErrorHandling());
        main.configure().addRoutesBuilder(new GeneratorRoute());
        main.configure().addRoutesBuilder(new ProgressRoute());
        return main;
    }

    static ConfigurationException configurationProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException problem) {
                return problem;
            }
        }
        return null;
    }
}
