package clickstream.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * This JVM's memory while a phase runs (the benchmark JVM hosts the app; the embedded services run in a JVM of
 * their own, so this is the app's share): heap used sampled every 20 ms (its peak includes garbage not yet
 * collected), heap after each GC (its maximum bounds the live data), GC count and pause time, and the resident set
 * sampled every 20 ms.
 */
final class MemorySampler implements AutoCloseable {

    private static final double MIB = 1024.0 * 1024.0;

    private final Thread thread;
    private final List<Runnable> unregister = new ArrayList<>();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final long gcCountStart = gcCount();
    private final long gcTimeStart = gcTimeMillis();
    private volatile boolean running = true;
    private volatile double peakHeapUsed;
    private volatile double peakHeapCommitted;
    private volatile double peakAfterGc;
    private volatile double peakRss;

    MemorySampler() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // already gone
                    }
                });
            }
        }
        thread = new Thread(this::sample, "bench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            peakHeapUsed = Math.max(peakHeapUsed, heap.getUsed() / MIB);
            peakHeapCommitted = Math.max(peakHeapCommitted, heap.getCommitted() / MIB);
            peakRss = Math.max(peakRss, ProcStatus.selfRssMiB());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                after += pool.getValue().getUsed();
            }
        }
        synchronized (this) {
            peakAfterGc = Math.max(peakAfterGc, after / MIB);
        }
    }

    /** The figures since the sampler started. */
    Map<String, Object> stop() throws InterruptedException {
        running = false;
        thread.join();
        unregister.forEach(Runnable::run);
        // the pools' own peaks catch a spike between two samples
        double poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).mapToDouble(p -> p.getPeakUsage().getUsed() / MIB).sum();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heap_max_mib", round(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MIB));
        memory.put("heap_used_peak_mib", round(peakHeapUsed));
        memory.put("heap_pool_peaks_sum_mib", round(poolPeaks));
        memory.put("heap_committed_peak_mib", round(peakHeapCommitted));
        memory.put("heap_after_gc_peak_mib", round(peakAfterGc));
        memory.put("gc_count", gcCount() - gcCountStart);
        memory.put("gc_time_ms", gcTimeMillis() - gcTimeStart);
        memory.put("rss_peak_mib", round(peakRss));
        return memory;
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcTimeMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
