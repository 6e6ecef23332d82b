package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/run/CompileThenRun.java}, which the pom's fresh-clone-run profile hands to the JDK source launcher so that
 * {@code mvn camel:run} works before anything is compiled. Here it runs on a two-file project of its own, the way
 * camel-maven-plugin calls it: from a thread whose context loader lists a not-yet-existing output folder.
 */
class CompileThenRunTest {

    @TempDir
    Path dir;

    @Test
    void compilesTheSourcesCopiesTheResourcesAndRunsTheMainClassWithItsArguments() throws Throwable {
        Path sources = Files.createDirectories(dir.resolve("src/main/java/demo"));
        Files.writeString(sources.resolve("Greeting.java"), "package demo; class Greeting { static String of(String n) { return \"hello \" + n; } }");
        Files.writeString(sources.resolve("App.java"), """
                package demo;
                public class App {
                    public static void main(String[] args) throws Exception {
                        String resource = new String(Thread.currentThread().getContextClassLoader()
                                .getResourceAsStream("app.properties").readAllBytes()).trim();
                        System.setProperty("compile-then-run.result", Greeting.of(String.join(",", args)) + " / " + resource);
                    }
                }
                """);
        Path resources = Files.createDirectories(dir.resolve("src/main/resources"));
        Files.writeString(resources.resolve("app.properties"), "name=demo");
        Path output = dir.resolve("target/classes");

        runLauncher(output, "--main=demo.App", "--output=" + output, "--sources=" + dir.resolve("src/main/java")
                + "," + dir.resolve("src/missing/java"), "--resources=" + resources, "--release=17", "--", "a", "b");

        assertThat(System.clearProperty("compile-then-run.result")).isEqualTo("hello a,b / name=demo");
        assertThat(output.resolve("demo/App.class")).exists();
        assertThat(output.resolve("app.properties")).exists();
    }

    @Test
    void aCompileErrorFailsWithAMessageInsteadOfStartingAnything() throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/main/java/demo"));
        Files.writeString(sources.resolve("App.java"), "package demo; public class App { not java }");
        Path output = dir.resolve("target/classes");

        assertThatThrownBy(() -> runLauncher(output, "--main=demo.App", "--output=" + output,
                "--sources=" + dir.resolve("src/main/java"), "--"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compiling the project failed");
    }

    /** Compiles the launcher itself (it is not on any classpath) and calls it as camel-maven-plugin would. */
    private void runLauncher(Path output, String... args) throws Throwable {
        Path launcherClasses = Files.createDirectories(dir.resolve("launcher"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", launcherClasses.toString(), Path.of("src/run/CompileThenRun.java").toString());
        assertThat(status).as("src/run/CompileThenRun.java compiles").isZero();

        // the plugin's loader: the output folder (absent yet) first, then the dependencies
        ClassLoader pluginLoader = new URLClassLoader(new URL[] {output.toUri().toURL()},
                ClassLoader.getSystemClassLoader().getParent());
        try (URLClassLoader launcherLoader = new URLClassLoader(new URL[] {launcherClasses.toUri().toURL()})) {
            Class<?> launcher = launcherLoader.loadClass("CompileThenRun");
            Throwable[] failure = new Throwable[1];
            Thread thread = new Thread(() -> {
                try {
                    launcher.getMethod("main", String[].class).invoke(null, (Object) args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    failure[0] = e.getCause();
                } catch (ReflectiveOperationException e) {
                    failure[0] = e;
                }
            });
            thread.setContextClassLoader(pluginLoader);
            thread.start();
            thread.join();
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }
}
