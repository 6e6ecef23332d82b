package clickstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads Linux {@code /proc}: a process's memory, the machine's CPU time and load. NaN where unavailable. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** A {@code kB} field of a {@code /proc/<pid>/status} file (VmRSS, VmHWM), in KiB. */
    static double kib(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    return Double.parseDouble(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    static double selfRssMiB() {
        return kib(Path.of("/proc/self/status"), "VmRSS") / 1024.0;
    }

    /** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat; USER_HZ = 100). */
    static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The kind of {@link #cpuByThreadKind(String)} that is OpenSearch's own thread pools, not the JVM's. */
    static final String OPENSEARCH = "opensearch";

    /**
     * CPU seconds of this JVM's threads so far, by kind, from {@code /proc/self/task/<tid>/stat}: the JVM's own
     * {@code gc} (GC Thread#n, G1 ...), {@code jit} (C1/C2 CompilerThread) and {@code vm} (VM Thread, VM Periodic
     * Task and the like), and {@value #OPENSEARCH} (an embedded node's thread pools). Other threads are not listed.
     * Empty where /proc is not available.
     */

    static Map<String, Double> cpuByThreadKind() {
        return cpuByThreadKind("self");
    }

    /** {@link #cpuByThreadKind()} of another JVM, by pid. */
    static Map<String, Double> cpuByThreadKind(String pid) {
        Map<String, Double> cpu = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                // OpenSearch names its threads "opensearch[<node>][<pool>][T#n]" (the kernel keeps 15 characters)
                String kind = name.startsWith("GC Thread") || name.startsWith("G1 ") ? "gc"
                        : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "jit"
                        : name.startsWith("VM ") ? "vm"
                        : name.startsWith("opensearch[") ? OPENSEARCH : null;
                if (kind == null) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                // fields after the name: state(0) ... utime(11) stime(12), in clock ticks of 1/100 s
                double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                cpu.merge(kind, seconds, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return cpu;
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }
}
