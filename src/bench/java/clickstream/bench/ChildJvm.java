package clickstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by the benchmark on this JVM's classpath, its output in a log file; stopped with SIGTERM (so the
 * shutdown hooks stop the services cleanly), forcibly if it does not exit in time, and always on exit of the
 * benchmark so no JVM is left behind.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final long startNanos;
    private final Thread reaper;

    private ChildJvm(Process process, Path log, long startNanos) {
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
        this.reaper = new Thread(process::destroyForcibly, "bench-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    static ChildJvm start(List<String> jvmArgs, String mainClass, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(Path.of("").toAbsolutePath().toFile());
        long t0 = System.nanoTime();
        return new ChildJvm(builder.start(), log, t0);
    }

    /** When {@link #start} launched the JVM ({@link System#nanoTime()}). */
    long startNanos() {
        return startNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time the JVM has used so far (all threads), in seconds. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Peak resident set of the JVM so far (VmHWM), in MiB; NaN where /proc is not available. */
    double peakRssMiB() {
        return ProcStatus.kib(Path.of("/proc", Long.toString(process.pid()), "status"), "VmHWM") / 1024.0;
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of the log, for an error message. */
    String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until the log contains {@code marker}; fails early with the log's tail if the JVM exits. */
    void awaitLog(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("child JVM exited with " + process.exitValue() + " before '" + marker
                        + "' (log " + log + "):\n" + logTail(30));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + marker + "' after " + timeout + " (log " + log + "):\n" + logTail(30));
    }

    /** SIGTERM, then up to {@code grace} for the shutdown hooks, then SIGKILL. */
    void stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // the benchmark is exiting: the hook kills it anyway
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(60));
    }
}
