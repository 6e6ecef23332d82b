package clickstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured window of one run, the same for every {@link Phase}: its clock and its CPU accounting start together
 * ({@link #start}) and stop together ({@link #stop}), so events/s and CPU per 1,000 events describe the same work.
 * The JVM that runs the benchmark is the "client" JVM: it hosts the app during the drain, the reference consumer
 * during its run, the ceiling's and the seed design's clients during theirs; the embedded broker and node have a JVM
 * of their own.
 */
final class Window {

    private final ChildJvm services;
    private long startNanos;
    private long stopNanos;
    private long events = -1;
    private CpuMeter cpu;
    private Map<String, Object> cpuUse;

    Window(ChildJvm services) {
        this.services = services;
    }

    /** Starts the clock and the CPU accounting; only the first call counts (any thread: a Kafka consumer's, say). */
    synchronized void start() {
        if (cpu == null) {
            startNanos = System.nanoTime();
            cpu = new CpuMeter(services);
        }
    }

    synchronized boolean started() {
        return cpu != null;
    }

    /** {@link System#nanoTime()} when the clock started. */
    synchronized long startNanos() {
        requireStarted();
        return startNanos;
    }

    /** Stops the clock and the CPU accounting, {@code events} done in the window. */
    synchronized void stop(long events) {
        requireStarted();
        stopNanos = System.nanoTime();
        cpuUse = cpu.stop();
        this.events = events;
    }

    /**
     * events, seconds, events/s, CPU seconds by JVM and thread kind, CPU milliseconds per 1,000 events of the client
     * and services JVMs, and the JIT compilers' share of the window's CPU (a run still warming up shows here).
     */
    synchronized Map<String, Object> figures() {
        if (cpuUse == null) {
            throw new IllegalStateException("the window was never stopped");
        }
        double seconds = (stopNanos - startNanos) / 1e9;
        double client = Report.number(cpuUse, "bench_jvm_cpu_s");
        double servicesCpu = Report.number(cpuUse, "services_jvm_cpu_s");
        double jit = Report.number(cpuUse, "bench_jvm_by_thread_s", "jvm_jit")
                + Report.number(cpuUse, "services_jvm_by_thread_s", "jvm_jit");
        Map<String, Object> perThousand = new LinkedHashMap<>();
        perThousand.put("client_jvm", CpuMeter.round(1e6 * client / events));
        perThousand.put("services_jvm", CpuMeter.round(1e6 * servicesCpu / events));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", events);
        figures.put("seconds", CpuMeter.round(seconds));
        figures.put("events_per_s", Math.round(events / seconds));
        figures.put("cpu_ms_per_1000_events", perThousand);
        figures.put("jit_cpu_pct", CpuMeter.round(100 * jit / (client + servicesCpu)));
        figures.put("cpu", cpuUse);
        return figures;
    }

    private void requireStarted() {
        if (cpu == null) {
            throw new IllegalStateException("the phase never started its clock");
        }
    }
}
