package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.config.ConfigurationException;
import clickstream.embedded.EmbeddedKafkaBroker;
import clickstream.embedded.EmbeddedKafkaBroker.SecureListeners;
import clickstream.tls.TestPki;
import clickstream.tls.TestPki.ClientFiles;
import clickstream.tls.TestPki.Issued;

/**
 * The app against a broker secured as Aiven's are, configured by camel-kafka's own options only: mutual TLS with
 * PEM files (service.key and service.cert joined into service.pem, ca.pem; generated for the test) and SCRAM over
 * TLS. The broker is this test's own
 * (PLAINTEXT stays on for the test's checks); OpenSearch is the shared node.
 */
class SecureKafkaIT extends PipelineTestSupport {

    private static final String SCRAM_USER = "clickstream-it";
    private static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    private static ClientFiles client;
    private static EmbeddedKafkaBroker broker;
    private static KafkaTestClient plain;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        TestPki pki = TestPki.create("clickstream-it-project-ca");
        client = pki.writeClientFiles(dir.resolve("conf"), "clickstream-it-client");
        Issued server = pki.server();
        Path serverKey = TestPki.write(dir.resolve("broker/server.key"), server.keyPem());
        Path serverCert = TestPki.write(dir.resolve("broker/server.cert"), server.certPem());
        broker = new EmbeddedKafkaBroker(0, dir.resolve("kafka"), new SecureListeners(0, 0, serverKey, serverCert, client.ca()));
        broker.start();
        broker.createScramUser(SCRAM_USER, SCRAM_PASSWORD);
        plain = new KafkaTestClient(broker.bootstrapServers());
    }

    @AfterAll
    static void stopSecureBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> ssl(TestNames names) {
        Map<String, String> props = properties(names);
        props.put("kafka.brokers", broker.sslBootstrapServers());
        props.put("camel.component.kafka.security-protocol", "SSL");
        props.put("camel.component.kafka.ssl-keystore-type", "PEM");
        props.put("camel.component.kafka.ssl-keystore-location", client.keyStore().toString());
        trustTheTestCa(props);
        props.put("generator.rate", "500");
        return props;
    }

    private static Map<String, String> scram(TestNames names, String password) {
        Map<String, String> props = properties(names);
        props.put("kafka.brokers", broker.saslSslBootstrapServers());
        props.put("camel.component.kafka.security-protocol", "SASL_SSL");
        props.put("camel.component.kafka.sasl-mechanism", "SCRAM-SHA-512");
        props.put("camel.component.kafka.sasl-jaas-config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required username=\"" + SCRAM_USER + "\" password=\"" + password + "\";");
        trustTheTestCa(props);
        props.put("generator.rate", "500");
        return props;
    }

    private static void trustTheTestCa(Map<String, String> props) {
        props.put("camel.component.kafka.ssl-truststore-type", "PEM");
        props.put("camel.component.kafka.ssl-truststore-location", client.ca().toString());
    }

    @Test
    void eventsAreProducedAndIndexedThroughTheMutualTlsListener() throws Exception {
        TestNames names = names("tls-mtls");
        try (LogCapture logs = LogCapture.start()) {
            runGeneratorAndIndexer(names, ssl(names));
            String log = logs.text();
            assertThat(log).contains("over SSL, client certificate CN=clickstream-it-client");
            // Kafka's own config dumps show that the clients read the key store from the file; not a line of the
            // private key is in any log
            assertThat(log).contains("ssl.keystore.location = " + client.keyStore());
            for (String line : keyLines()) {
                assertThat(log).doesNotContain(line);
            }
        }
    }

    @Test
    void aClientWithoutCertificateIsRefusedAtStartUp() {
        TestNames names = names("tls-no-cert");
        Map<String, String> props = ssl(names);
        props.remove("camel.component.kafka.ssl-keystore-type");
        props.remove("camel.component.kafka.ssl-keystore-location");
        ConfigurationException problem = startupProblem(props);
        assertThat(problem.getMessage()).startsWith("Could not reach Kafka at " + broker.sslBootstrapServers())
                .contains("check kafka.brokers and the camel.component.kafka.* security options");
    }

    @Test
    void eventsAreProducedAndIndexedWithScramOverTlsAndThePasswordIsNeverLogged() throws Exception {
        TestNames names = names("tls-scram");
        try (LogCapture logs = LogCapture.start()) {
            runGeneratorAndIndexer(names, scram(names, SCRAM_PASSWORD));
            String log = logs.text();
            // what was looked at: Camel's start-up summary and Kafka's client configuration dumps
            assertThat(log).contains("Auto-configuration summary").contains("camel.component.kafka.brokers");
            assertThat(log).contains("sasl.jaas.config = [hidden]");
            assertThat(log).contains("over SASL_SSL").contains("SASL SCRAM-SHA-512 as " + SCRAM_USER);
            assertThat(log).doesNotContain(SCRAM_PASSWORD);
        }
    }

    @Test
    void aWrongScramPasswordStopsStartUpWithoutShowingIt() {
        TestNames names = names("tls-scram-wrong");
        String wrong = "wrong-" + UUID.randomUUID();
        ConfigurationException problem = startupProblem(scram(names, wrong));
        assertThat(problem.getMessage()).startsWith("Could not reach Kafka at " + broker.saslSslBootstrapServers())
                .contains("SaslAuthenticationException")
                .doesNotContain(wrong);
    }

    /** The generator produces through the secured listener, the indexer consumes, indexes and commits through it. */
    private void runGeneratorAndIndexer(TestNames names, Map<String, String> props) throws Exception {
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= 1000);
            app.context().getRouteController().stopRoute("generator");
            long produced = app.metrics().produced();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) == produced);
            // read back over PLAINTEXT: what the app wrote and committed through TLS is really on the broker
            assertThat(plain.endOffsets(names.topic())).isEqualTo(produced);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plain.committed(names.group(), names.topic()) == produced);
            assertThat(app.metrics().deadLettered()).isZero();
        }
    }

    private static ConfigurationException startupProblem(Map<String, String> props) {
        Throwable failure = catchThrowable(() -> startApp(props).close());
        assertThat(failure).as("start-up must fail").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException problem) {
                return problem;
            }
        }
        throw new AssertionError("no ConfigurationException in " + failure, failure);
    }

    /** The base64 lines of the client's private key. */
    private static List<String> keyLines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(client.key())) {
            if (!line.startsWith("-----") && line.length() > 20) {
                lines.add(line);
            }
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }
}
