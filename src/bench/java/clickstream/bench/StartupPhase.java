package clickstream.bench;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import clickstream.app.ClickstreamApp;
import clickstream.embedded.Ports;

/**
 * (7) Start-up: a new JVM runs {@link ClickstreamApp} with its default settings (embedded broker and node in the
 * same JVM, generator at its default rate), only the ports (HTTP too) and data directory moved to free, fresh ones; timed
 * from launching the JVM to the first document a {@code _count} on {@code clickstream*} sees (polled like
 * every phase's, {@link SearchNode#awaitCount}). The services' own start times are read from the app's log.
 */
final class StartupPhase {

    private static final Pattern KAFKA = Pattern.compile("Kafka broker started on \\S+ \\(data [^)]*\\) in (\\d+) ms");
    private static final Pattern OPENSEARCH = Pattern.compile("OpenSearch node started on \\S+ \\(data [^)]*\\) in (\\d+) ms");

    /** Log lines that mark the steps of a start, in order (ServicesBootstrap, the embedded services, Camel Main). */
    private static final Map<String, Pattern> MILESTONES = new LinkedHashMap<>();

    static {
        MILESTONES.put("first_log_line", Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ", Pattern.MULTILINE));
        MILESTONES.put("kafka_started", KAFKA);
        MILESTONES.put("opensearch_started", OPENSEARCH);
        MILESTONES.put("services_ready", Pattern.compile("OpenSearch: "));
        MILESTONES.put("camel_started", Pattern.compile("Apache Camel \\S+ \\(\\S+\\) started in"));
    }

    private StartupPhase() {
    }

    /**
     * Seconds from {@code launchedAtMillis} to the first line matching {@code pattern}, by the line's own
     * {@code HH:mm:ss.SSS} (the app's log4j2.xml pattern, local time), or null.
     */
    static Double loggedAt(Pattern pattern, String log, long launchedAtMillis) {
        Matcher m = pattern.matcher(log);
        if (!m.find()) {
            return null;
        }
        int lineStart = log.lastIndexOf('\n', m.start()) + 1;
        Matcher time = Pattern.compile("^(\\d\\d):(\\d\\d):(\\d\\d)\\.(\\d{3})").matcher(log.substring(lineStart));
        if (!time.find()) {
            return null;
        }
        long ofDay = ((Long.parseLong(time.group(1)) * 60 + Long.parseLong(time.group(2))) * 60
                + Long.parseLong(time.group(3))) * 1000 + Long.parseLong(time.group(4));
        java.time.LocalTime launched = java.time.Instant.ofEpochMilli(launchedAtMillis)
                .atZone(java.time.ZoneId.systemDefault()).toLocalTime();
        long delta = ofDay - launched.toNanoOfDay() / 1_000_000;
        if (delta < -43_200_000L) {
            delta += 86_400_000L; // past midnight
        }
        return CpuMeter.round(delta / 1000.0);
    }

    static Map<String, Object> run(Path out, int run) throws Exception {
        Path dataDir = out.resolve("startup-" + run);
        deleteRecursively(dataDir);
        int kafkaPort = Ports.freePort();
        int openSearchPort = Ports.freePort();
        while (openSearchPort == kafkaPort) {
            openSearchPort = Ports.freePort();
        }
        List<String> jvmArgs = new ArrayList<>();
        jvmArgs.add("-Dembedded.kafka.port=" + kafkaPort);
        jvmArgs.add("-Dembedded.opensearch.port=" + openSearchPort);
        jvmArgs.add("-Dembedded.data-dir=" + dataDir);
        // 8080 may be taken on a shared machine
        jvmArgs.add("-Dhttp.port=" + Ports.freePort());
        URL appLogConfig = ClickstreamApp.class.getResource("/log4j2.xml");
        if (appLogConfig != null) {
            jvmArgs.add("-Dlog4j2.configurationFile=" + appLogConfig); // the app's logging, not the tests'
        }
        long launchedAtMillis = System.currentTimeMillis();
        ChildJvm app = ChildJvm.start(jvmArgs, ClickstreamApp.class.getName(), out.resolve("startup-" + run + ".log"));
        long firstSearchable = -1;
        try (SearchNode node = new SearchNode("http://localhost:" + openSearchPort)) {
            long deadline = app.startNanos() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < deadline && app.isAlive()) {
                try {
                    if (node.count("clickstream*") > 0) {
                        firstSearchable = System.nanoTime();
                        break;
                    }
                } catch (IOException notUpYet) {
                    // the node is not listening yet
                }
                // the same poll interval as every other phase's _count
                Thread.sleep(SearchNode.POLL_MS);
            }
            if (firstSearchable < 0) {
                throw new IllegalStateException("no searchable document from the app started with default settings (log "
                        + out.resolve("startup-" + run + ".log") + "):\n" + app.logTail(30));
            }
        } finally {
            app.stop(Duration.ofSeconds(60));
        }
        String log = app.log();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", CpuMeter.round((firstSearchable - app.startNanos()) / 1e9));
        result.put("kafka_start_s", logSeconds(KAFKA, log));
        result.put("opensearch_start_s", logSeconds(OPENSEARCH, log));
        // where the time goes: when each milestone was logged, counted from the JVM's launch (the log's clock)
        Map<String, Object> at = new LinkedHashMap<>();
        MILESTONES.forEach((name, pattern) -> at.put(name, loggedAt(pattern, log, launchedAtMillis)));
        result.put("milestones_s", at);
        deleteRecursively(dataDir);
        return result;
    }

    private static Object logSeconds(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        return m.find() ? CpuMeter.round(Long.parseLong(m.group(1)) / 1000.0) : null;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
