package clickstream.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import clickstream.app.ClickstreamApp;

/**
 * The app in a JVM of its own ({@code java clickstream.app.ClickstreamApp}), so a test can kill it with SIGKILL or stop
 * it with SIGTERM like an operator would. Its output goes to {@code target/child-logs/<name>.log}.
 */
final class ChildApp implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildApp start(String name, Map<String, String> properties) throws IOException {
        // surefire/failsafe put the real test classpath here (java.class.path may be a manifest-only jar)
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath);
        command.add(ClickstreamApp.class.getName());
        Path log = Path.of("target", "child-logs", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildApp(process, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code, or -1 if it did not exit within the timeout. */
    int terminate(long timeout, TimeUnit unit) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout, unit) ? process.exitValue() : -1;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
