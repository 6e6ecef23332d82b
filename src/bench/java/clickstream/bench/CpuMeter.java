package clickstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU went during a phase: this JVM (the app, or the benchmark's client), the services JVM, and the rest
 * of the machine (other processes: on a shared machine, other builds). On 2 cores the pipeline and OpenSearch
 * compete for the same CPU, so this split is what explains a gap between the pipeline and the raw ceiling.
 */
final class CpuMeter {

    private final ChildJvm services;
    private final long wallStart = System.nanoTime();
    private final double selfStart = selfCpu();
    private final double servicesStart;
    private final double machineStart = ProcStatus.machineBusySeconds();
    private final Map<Long, Long> threadsStart = threadCpu();
    private final Map<String, Double> jvmThreadsStart = ProcStatus.cpuByThreadKind();
    private final Map<String, Double> servicesJvmThreadsStart;

    CpuMeter(ChildJvm services) {
        this.services = services;
        this.servicesStart = services == null ? Double.NaN : services.cpuSeconds();
        this.servicesJvmThreadsStart = services == null ? Map.of() : ProcStatus.cpuByThreadKind(Long.toString(services.pid()));
    }

    /** CPU seconds since the meter started: wall, this JVM, the services JVM, everything else on the machine. */
    Map<String, Object> stop() {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double self = selfCpu() - selfStart;
        double svc = services == null ? Double.NaN : services.cpuSeconds() - servicesStart;
        double machine = ProcStatus.machineBusySeconds() - machineStart;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("wall_s", round(wall));
        cpu.put("bench_jvm_cpu_s", round(self));
        cpu.put("services_jvm_cpu_s", round(svc));
        cpu.put("other_processes_cpu_s", round(Math.max(0, machine - self - (Double.isNaN(svc) ? 0 : svc))));
        cpu.put("cores", Runtime.getRuntime().availableProcessors());
        cpu.put("bench_jvm_by_thread_s", byThread(self));
        if (services != null) {
            // OpenSearch's thread pools by name, the JVM's GC/JIT/VM threads; what is left is Kafka (and the odd
            // short-lived thread)
            Map<String, Object> split = new LinkedHashMap<>();
            double named = 0;
            for (Map.Entry<String, Double> e : ProcStatus.cpuByThreadKind(Long.toString(services.pid())).entrySet()) {
                double seconds = e.getValue() - servicesJvmThreadsStart.getOrDefault(e.getKey(), 0.0);
                split.put(e.getKey().equals(ProcStatus.OPENSEARCH) ? "opensearch_threads" : "jvm_" + e.getKey(), round(seconds));
                named += seconds;
            }
            split.put("kafka_and_other_threads", round(svc - named));
            cpu.put("services_jvm_by_thread_s", split);
        }
        return cpu;
    }

    /**
     * This JVM's CPU by thread: the Kafka consumer threads (they run the whole indexer route: validation, the bulk
     * request's serialization, commits), the HTTP client's I/O threads (sending, reading the bulk response), the
     * other Java threads, the JVM's own threads (garbage collector, JIT compilers, VM; from /proc by thread name)
     * and what none of these accounts for: threads that ended before the meter stopped.
     */
    private Map<String, Object> byThread(double processSeconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> groups = new LinkedHashMap<>();
        groups.put("kafka_consumer_route", 0.0);
        groups.put("http_client_io", 0.0);
        groups.put("other_java_threads", 0.0);
        double javaThreads = 0;
        for (Map.Entry<Long, Long> entry : threadCpu().entrySet()) {
            ThreadInfo info = threads.getThreadInfo(entry.getKey());
            double seconds = (entry.getValue() - threadsStart.getOrDefault(entry.getKey(), 0L)) / 1e9;
            if (info == null || seconds <= 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.contains("KafkaConsumer") ? "kafka_consumer_route"
                    : name.startsWith("httpclient") || name.startsWith("I/O dispatcher") ? "http_client_io" : "other_java_threads";
            groups.merge(group, seconds, Double::sum);
            javaThreads += seconds;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        groups.forEach((k, v) -> result.put(k, round(v)));
        double internal = 0;
        for (Map.Entry<String, Double> entry : ProcStatus.cpuByThreadKind().entrySet()) {
            double seconds = entry.getValue() - jvmThreadsStart.getOrDefault(entry.getKey(), 0.0);
            result.put("jvm_" + entry.getKey(), round(seconds));
            internal += seconds;
        }
        result.put("ended_threads", round(Math.max(0, processSeconds - javaThreads - internal)));
        return result;
    }

    private static Map<Long, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    private static double selfCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
