package clickstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real embedded Kafka broker and OpenSearch node on free ports, uses them through plain clients, and stops
 * and restarts each one on the same data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedServicesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    static LocalEmbeddedServices services;
    static int kafkaPort;
    static int openSearchPort;
    static String bootstrap;
    static String openSearchUrl;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startServices() throws Exception {
        kafkaPort = Ports.freePort();
        openSearchPort = Ports.freePort();
        services = (LocalEmbeddedServices) ServiceLoader.load(EmbeddedServices.class).findFirst().orElseThrow();

        long t0 = System.nanoTime();
        bootstrap = services.startKafka(kafkaPort, dataDir);
        long t1 = System.nanoTime();
        openSearchUrl = services.startOpenSearch(openSearchPort, dataDir);
        long t2 = System.nanoTime();
        System.out.printf("embedded start: Kafka %d ms, OpenSearch %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1)
    void startsOnTheGivenPorts() {
        assertThat(bootstrap).isEqualTo("localhost:" + kafkaPort);
        assertThat(openSearchUrl).isEqualTo("http://localhost:" + openSearchPort);
        assertThat(dataDir.resolve("kafka/meta.properties")).exists();
        assertThat(dataDir.resolve("opensearch/node_1/data")).isDirectory();
    }

    @Test
    @Order(2)
    void producesAndConsumesOneRecord() throws Exception {
        String topic = "it-events";
        String value = "{\"event\":\"click\",\"id\":\"" + UUID.randomUUID() + "\"}";
        try (KafkaProducer<String, String> producer = producer()) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, "user-1", value)).get();
            assertThat(sent.topic()).isEqualTo(topic);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).as("num.partitions of an auto-created topic").hasSize(6);
        }
        assertThat(consumeAll(topic, "it-group-" + UUID.randomUUID(), 1))
                .extracting(ConsumerRecord::value).containsExactly(value);
    }

    @Test
    @Order(3)
    void indexesAndGetsOneDocument() throws Exception {
        HttpResponse<String> put = send("PUT", "/it-docs/_doc/1?refresh=true", "{\"msg\":\"hello\",\"n\":1}");
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

        HttpResponse<String> get = send("GET", "/it-docs/_doc/1", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"found\":true").contains("\"msg\":\"hello\"");

        HttpResponse<String> health = send("GET", "/_cluster/health", null);
        assertThat(health.body()).containsPattern("\"status\":\"(green|yellow)\"");
    }

    @Test
    @Order(4)
    void openSearchComesBackWithItsDataAfterARestart() throws Exception {
        services.stopOpenSearch();
        assertThat(services.openSearch().isRunning()).isFalse();
        await().atMost(TIMEOUT).until(() -> !reachable(openSearchPort));
        assertThatThrownBy(() -> send("GET", "/", null)).isInstanceOf(ConnectException.class);

        long t0 = System.nanoTime();
        assertThat(services.restartOpenSearch()).isEqualTo(openSearchUrl);
        System.out.printf("embedded restart: OpenSearch %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> get = send("GET", "/it-docs/_doc/1", null);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).contains("\"found\":true").contains("\"msg\":\"hello\"");
        });
    }

    @Test
    @Order(5)
    void kafkaKeepsItsRecordsAcrossARestart() throws Exception {
        String topic = "it-restart";
        String value = "before-restart-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        }

        services.stopKafka();
        assertThat(services.kafka().isRunning()).isFalse();
        await().atMost(TIMEOUT).until(() -> !reachable(kafkaPort));

        long t0 = System.nanoTime();
        assertThat(services.restartKafka()).isEqualTo(bootstrap);
        System.out.printf("embedded restart: Kafka %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(consumeAll(topic, "it-after-restart-" + UUID.randomUUID(), 1))
                .extracting(ConsumerRecord::value).containsExactly(value);
        // and the broker still takes new records
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "after-restart")).get();
        }
    }

    @Test
    @Order(6)
    void aBusyPortGivesAOneLineError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            LocalEmbeddedServices other = new LocalEmbeddedServices();
            try {
                assertThatThrownBy(() -> other.startKafka(port, dataDir.resolve("busy")))
                        .isInstanceOf(PortInUseException.class)
                        .isInstanceOf(java.net.BindException.class)
                        .hasMessage("port " + port + " is already in use");
                assertThatThrownBy(() -> other.startOpenSearch(port, dataDir.resolve("busy")))
                        .isInstanceOf(PortInUseException.class)
                        .hasMessage("port " + port + " is already in use");
            } finally {
                other.close();
            }
        }
        // the ports of the running services count as busy too
        assertThatThrownBy(() -> new EmbeddedKafkaBroker(kafkaPort, dataDir.resolve("busy2")).start())
                .hasMessage("port " + kafkaPort + " is already in use");
        assertThatThrownBy(() -> new EmbeddedOpenSearchNode(openSearchPort, dataDir.resolve("busy2")).start())
                .hasMessage("port " + openSearchPort + " is already in use");
    }

    @Test
    @Order(7)
    void kafkaCannotExitOrHaltTheJvm() {
        assertThatThrownBy(() -> Exit.halt(1, "simulated fatal error"))
                .isInstanceOf(EmbeddedKafkaBroker.KafkaFatalError.class)
                .hasMessageContaining("simulated fatal error");
        assertThatThrownBy(() -> Exit.exit(1))
                .isInstanceOf(EmbeddedKafkaBroker.KafkaFatalError.class);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000"),
                new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic, String groupId, int expected) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                return received.size() >= expected;
            });
        }
        return received;
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
