package clickstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain {@code mvn camel:run} on a fresh clone: the pom's fresh-clone-run profile has the goal run Maven's launcher
 * with {@code compile camel:run} while nothing is compiled (docs/run-modes.md). Here on a copy of pom.xml and .mvn/
 * whose app is one class that records the arguments camel:run hands it; the real app's start from a fresh clone is
 * checked by hand (docs/testing.md), as it takes minutes and the default ports.
 */
class FreshCloneRunIT {

    @TempDir
    Path clone;

    @Test
    void camelRunCompilesTheCloneThenRunsTheAppWithTheGoalsOptions() throws Exception {
        Files.copy(Path.of("pom.xml"), clone.resolve("pom.xml"));
        Files.createDirectories(clone.resolve(".mvn"));
        Files.copy(Path.of(".mvn/maven.config"), clone.resolve(".mvn/maven.config"));
        Path app = Files.createDirectories(clone.resolve("src/main/java/clickstream/app"));
        Files.writeString(app.resolve("ClickstreamApp.java"), """
                package clickstream.app;
                public class ClickstreamApp {
                    public static void main(String[] args) throws Exception {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("ran-with")),
                                String.join(" ", args));
                    }
                }
                """);
        Path ranWith = clone.resolve("ran-with.txt");
        Path log = clone.resolve("mvn.log");

        // -Dcamel.duration: camel:run turns it into "-d 1" in front of the app's arguments, so it must reach the
        // inner run and not the launcher (Maven has no -d option)
        Process mvn = new ProcessBuilder(List.of(mavenExecutable(), "-B", "camel:run", "-Dcamel.duration=1",
                "-Dran-with=" + ranWith))
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(mvn.waitFor(10, TimeUnit.MINUTES)).as("mvn camel:run ends (log %s)", log).isTrue();

        String output = Files.readString(log);
        assertThat(mvn.exitValue()).as(output).isZero();
        assertThat(clone.resolve("target/classes/clickstream/app/ClickstreamApp.class")).exists();
        // compiled by the compiler plugin, its output shown (the inner Maven logs through its own jars)
        assertThat(output).contains("Compiling 1 source file");
        assertThat(ranWith).hasContent("-d 1");
    }

    /** The Maven running this build when it says where it lives, else the one on the PATH. */
    private static String mavenExecutable() {
        String home = System.getProperty("maven.home");
        return home == null ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }
}
