package clickstream.bench;

import java.lang.management.ManagementFactory;
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

    CpuMeter(ChildJvm services) {
        this.services = services;
        this.servicesStart = services == null ? Double.NaN : services.cpuSeconds();
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
