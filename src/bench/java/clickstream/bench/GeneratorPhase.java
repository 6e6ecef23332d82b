package clickstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/** (4a) Events per second {@link ClickstreamGenerator#next()} makes on one thread, and with the JSON the route adds. */
final class GeneratorPhase {

    private GeneratorPhase() {
    }

    static Map<String, Object> run(BenchConfig config) {
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults());
        long sink = 0;
        sink += measure(generator, 1.0, false)[1]; // JIT warm-up
        sink += measure(generator, 1.0, true)[1];
        List<Double> plain = new ArrayList<>();
        List<Double> withJson = new ArrayList<>();
        for (int r = 0; r < config.repeats(); r++) {
            long[] a = measure(generator, config.generatorWindowSeconds(), false);
            plain.add(a[0] / (a[2] / 1e9));
            long[] b = measure(generator, config.generatorWindowSeconds(), true);
            withJson.add(b[0] / (b[2] / 1e9));
            sink += a[1] + b[1];
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events_per_s", Math.round(Stats.median(plain)));
        result.put("events_per_s_runs", plain.stream().map(Math::round).toList());
        result.put("with_json_events_per_s", Math.round(Stats.median(withJson)));
        result.put("with_json_events_per_s_runs", withJson.stream().map(Math::round).toList());
        result.put("checksum", sink); // keeps the JIT from dropping the work
        return result;
    }

    /** @return {events made, a checksum of them, nanoseconds taken} */
    private static long[] measure(ClickstreamGenerator generator, double seconds, boolean json) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long count = 0;
        long sink = 0;
        while (true) {
            for (int i = 0; i < 1024; i++) {
                ClickEvent event = generator.next();
                sink += json ? ClickEventJson.toBytes(event).length : event.eventId().hashCode();
            }
            count += 1024;
            long now = System.nanoTime();
            if (now >= end) {
                return new long[] {count, sink, now - start};
            }
        }
    }
}
