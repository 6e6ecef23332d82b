package clickstream.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import clickstream.app.ClickstreamApp;

/**
 * The app in a JVM of its own ({@code java clickstream.app.ClickstreamApp}), so a test can kill it with SIGKILL or stop
 * it with SIGTERM like an operator would. Its output goes to {@code target/child-logs/<name>.log}.
 */
final class ChildApp implements AutoCloseable {

    /** Camel Main's line once every route has started: "Apache Camel 4.17.0 (clickstream) started in 2s12ms (...)". */
    private static final Pattern STARTED_LINE =
            Pattern.compile("Apache Camel \\S+ \\(.*\\) started in ");

    private final Process process;
    private final Path log;
    private final long launchedNanos;

    private ChildApp(Process process, Path log, long launchedNanos) {
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    static ChildApp start(String name, Map<String, String> properties) throws IOException {
        // surefire/failsafe put the real test classpath here (java.class.path may be a manifest-only jar)
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // the tests' logging plus Camel's "started in" line (awaitRoutesStarted)
        command.add("-Dlog4j2.configurationFile=log4j2-test.xml,log4j2-child.xml");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath);
        command.add(ClickstreamApp.class.getName());
        Path log = Path.of("target", "child-logs", name + ".log");
        Files.createDirectories(log.getParent());
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildApp(process, log, launched);
    }

    /** {@link System#nanoTime()} just before the process was launched. */
    long launchedNanos() {
        return launchedNanos;
    }

    /**
     * Waits until the app has logged that its routes started (or it died) and returns {@link System#nanoTime()} when
     * that was seen, at most 20 ms late.
     */
    long awaitRoutesStarted(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> !isAlive() || STARTED_LINE.matcher(output()).find());
        if (!isAlive()) {
            throw new IllegalStateException("the app exited before its routes started; output:\n" + outputQuietly());
        }
        return System.nanoTime();
    }

    private String outputQuietly() {
        try {
            return output();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
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
