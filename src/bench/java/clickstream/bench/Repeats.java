package clickstream.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link Phase}s all the same way: each once on {@code warmupEvents} events, not counted, so the JIT compilers
 * of both JVMs have compiled its paths (the services JVM compiles for tens of seconds); then {@code repeats} times
 * on {@code events} events, the order reversed every other repeat so a drift in the machine's load favours no phase.
 * Every run is kept; the report takes the median of each figure over the repeats, for every phase alike.
 *
 * <p>The input phases run first in every repeat, in their order: the producer fills the repeat's topic, which the
 * reference consumer and the pipeline drain then both read, each with a consumer group of its own.
 */
final class Repeats {

    private final ChildJvm services;

    Repeats(ChildJvm services) {
        this.services = services;
    }

    /** One run of {@code phase}: its window's figures, then its own, labelled with {@code repeat} (0 = warm-up). */
    Map<String, Object> once(Phase phase, String tag, int events, int repeat) throws Exception {
        Window window = new Window(services);
        Map<String, Object> own = phase.run(tag, events, window);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("repeat", repeat);
        run.putAll(window.figures());
        run.putAll(own);
        Benchmark.say("%s %s: %,d events/s (%s s), cpu ms/1k events %s, jit %s %% of cpu", phase.key(), tag,
                run.get("events_per_s"), run.get("seconds"),
                run.get("cpu_ms_per_1000_events"), run.get("jit_cpu_pct"));
        return run;
    }

    /**
     * Warm-up, then the repeats; puts each phase's runs under its key in {@code results} and the warm-up runs under
     * {@code warmup}.
     */
    void run(List<Phase> inputs, List<Phase> measured, BenchConfig config, Map<String, Object> results) throws Exception {
        Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
        Map<String, Object> warmups = new LinkedHashMap<>();
        for (int r = 0; r <= config.repeats(); r++) {
            String tag = r == 0 ? "bench-warmup" : "bench-r" + r;
            int events = r == 0 ? Math.min(config.events(), config.warmupEvents()) : config.events();
            List<Phase> order = new ArrayList<>(inputs);
            List<Phase> rest = new ArrayList<>(measured);
            if (r % 2 == 0) {
                Collections.reverse(rest);
            }
            order.addAll(rest);
            for (Phase phase : order) {
                Map<String, Object> run = once(phase, tag, events, r);
                if (r == 0) {
                    warmups.put(phase.key(), run);
                } else {
                    runs.computeIfAbsent(phase.key(), k -> new ArrayList<>()).add(run);
                }
            }
        }
        results.put("warmup", warmups);
        results.putAll(runs);
    }
}
