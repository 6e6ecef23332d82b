package clickstream.embedded;

import java.nio.file.Path;

/**
 * A local Kafka broker and OpenSearch node for a machine with nothing else installed.
 *
 * <p>The implementation lives in the {@code embedded} Maven profile ({@code src/embedded/java}) and is found
 * through {@link java.util.ServiceLoader}, so the artifact deployed with JBang or Camel K carries no server jars.
 */
public interface EmbeddedServices extends AutoCloseable {

    /**
     * Starts a single-node KRaft broker (combined broker + controller) listening on {@code localhost:port}, its logs
     * in {@code dataDir/kafka}.
     *
     * @return the bootstrap servers, e.g. {@code localhost:9092}
     */
    String startKafka(int port, Path dataDir) throws Exception;

    /**
     * Starts a single OpenSearch node with its HTTP API on {@code localhost:port}, home and data in
     * {@code dataDir/opensearch}, and waits until it is at least yellow.
     *
     * @return the base URL, e.g. {@code http://localhost:9200}
     */
    String startOpenSearch(int port, Path dataDir) throws Exception;

    // Outages on demand, for the fault tests and for demos: same ports and data on restart.

    /** Stops the broker, keeping its data and port for {@link #restartKafka()}. */
    void stopKafka();

    /** @return the bootstrap servers, unchanged */
    String restartKafka() throws Exception;

    /** Stops the node, keeping its data and port for {@link #restartOpenSearch()}. */
    void stopOpenSearch();

    /** @return the base URL, unchanged */
    String restartOpenSearch() throws Exception;

    /** Stops whatever was started, OpenSearch first; never throws. */
    @Override
    void close();
}
