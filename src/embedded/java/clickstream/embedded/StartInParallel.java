package clickstream.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Starts the members of an embedded cluster (brokers, nodes) each on a thread of its own and waits for all: a member
 * waits for its peers (quorum, cluster manager) before its start returns, so one after the other would never finish.
 */
final class StartInParallel {

    /** One member's start; it may throw anything its server throws. */
    @FunctionalInterface
    interface Start<T> {
        void start(T member) throws Exception;
    }

    private StartInParallel() {
    }

    /**
     * Runs {@code start} for every member on a daemon thread named by {@code threadName}, with the caller's context
     * class loader (Kafka and OpenSearch load classes and their logging configuration through it; under
     * {@code mvn camel:run} the system class loader does not hold them), and rethrows the first failure.
     */
    static <T> void all(List<T> members, Function<T, String> threadName, Start<T> start) throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (T member : members) {
            CompletableFuture<Void> started = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    start.start(member);
                    started.complete(null);
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, threadName.apply(member));
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            thread.start();
            starts.add(started);
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }
}
