package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.config.ConfigurationException;
import clickstream.connect.KafkaClientConfig.KafkaSecurity;
import clickstream.tls.TestPki;
import clickstream.tls.TestPki.ClientFiles;
import clickstream.tls.TestPki.Issued;

/**
 * The camel.component.kafka.* options as the app's own clients get them, and the checks that stop start-up on a wrong
 * one. Whether Kafka accepts what passes is asked of Kafka's own SSL engine factory and JAAS parser.
 */
class KafkaClientConfigTest {

    private static final TestPki PKI = TestPki.create("test-project-ca");
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule required ";

    @TempDir
    Path dir;

    private DefaultCamelContext context;
    private ClientFiles files;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
        files = PKI.writeClientFiles(dir, "clickstream-client");
    }

    @AfterEach
    void close() throws Exception {
        System.clearProperty("camel.component.kafka.ssl-truststore-location");
        context.close();
    }

    private void set(String key, Object value) {
        context.getPropertiesComponent().addInitialProperty(key, value.toString());
    }

    private void ssl() {
        set("camel.component.kafka.security-protocol", "SSL");
        set("camel.component.kafka.ssl-keystore-type", "PEM");
        set("camel.component.kafka.ssl-keystore-location", files.keyStore());
        set("camel.component.kafka.ssl-truststore-type", "PEM");
        set("camel.component.kafka.ssl-truststore-location", files.ca());
    }

    private void sasl(String jaas) {
        set("camel.component.kafka.security-protocol", "SASL_SSL");
        set("camel.component.kafka.ssl-truststore-type", "PEM");
        set("camel.component.kafka.ssl-truststore-location", files.ca());
        set("camel.component.kafka.sasl-mechanism", "SCRAM-SHA-256");
        set("camel.component.kafka.sasl-jaas-config", jaas);
    }

    private KafkaSecurity security() {
        return KafkaClientConfig.security(context);
    }

    private void refused(String messagePart) {
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class).hasMessageContaining(messagePart);
    }

    @Test
    void plaintextByDefault() {
        KafkaSecurity security = security();
        assertThat(security.plaintext()).isTrue();
        assertThat(security.clientProperties()).containsOnly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void sslWithAPemKeyStoreAndTrustStoreGivesKafkaTheFilesThemselves() throws Exception {
        ssl();
        KafkaSecurity security = security();
        assertThat(security.clientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.type", "PEM")
                .containsEntry("ssl.keystore.location", files.keyStore().toString())
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", files.ca().toString())
                .doesNotContainKeys("ssl.keystore.key", "ssl.keystore.password");
        assertThat(security.description()).contains("SSL", "CN=clickstream-client", "CN=test-project-ca")
                .doesNotContain("PRIVATE KEY");
        assertThat(security.toString()).isEqualTo(security.description());
        kafkaAccepts(security);
    }

    @Test
    void rsaKeysAsAivenIssuesThem() throws Exception {
        ssl();
        Issued client = PKI.issue("rsa-client", Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)),
                false, "RSA");
        TestPki.write(files.keyStore(), client.keyPem() + client.certPem());
        kafkaAccepts(security());

        TestPki.write(files.keyStore(), client.keyPem() + PKI.issue("other-rsa", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), false, "RSA").certPem());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.keyStore()
                + "' holds a certificate (CN=other-rsa) that does not belong to its private key");
    }

    @Test
    void theProtocolIsWrittenInUpperCaseAsCamelKafkaComparesIt() {
        ssl();
        set("camel.component.kafka.security-protocol", "ssl");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.security-protocol = 'ssl' is not supported: use PLAINTEXT, SSL")
                .hasMessageContaining("upper case");
    }

    @Test
    void unknownProtocol() {
        set("camel.component.kafka.security-protocol", "TLS");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.security-protocol = 'TLS' is not supported")
                .hasMessageContaining("SASL_SSL");
    }

    @Test
    void missingKeyStoreNamesThePropertyThePathAndTheFix() {
        ssl();
        set("camel.component.kafka.ssl-keystore-location", "conf/nowhere/service.pem");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.ssl-keystore-location = 'conf/nowhere/service.pem': no such file (")
                .hasMessageContaining(Path.of("conf/nowhere/service.pem").toAbsolutePath().toString())
                .hasMessageContaining("cat service.key service.cert > service.pem")
                .hasMessageContaining("set camel.component.kafka.ssl-keystore-location to where it is");
    }

    @Test
    void aDirectoryIsNotAReadableFile() {
        ssl();
        set("camel.component.kafka.ssl-truststore-location", dir);
        refused("camel.component.kafka.ssl-truststore-location = '" + dir + "' is not a readable file");
    }

    @Test
    void missingTrustStore() {
        ssl();
        set("camel.component.kafka.ssl-truststore-location", dir.resolve("ca.pem.missing"));
        refused("camel.component.kafka.ssl-truststore-location = '" + dir.resolve("ca.pem.missing") + "': no such file");
    }

    @Test
    void aJksKeyStoreIsLeftToKafkaOnceItExists() {
        ssl();
        set("camel.component.kafka.ssl-keystore-type", "PKCS12");
        set("camel.component.kafka.ssl-keystore-location", dir.resolve("client.p12"));
        refused("camel.component.kafka.ssl-keystore-location = '" + dir.resolve("client.p12") + "': no such file");
        TestPki.write(dir.resolve("client.p12"), "binary");
        assertThat(security().description()).contains("client key store client.p12");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheConversionCommandAsKafkaWouldRefuseIt() throws Exception {
        ssl();
        Issued client = PKI.issue("pkcs1", Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)),
                false, "RSA");
        TestPki.write(files.keyStore(), TestPki.pkcs1(client.privateKey()) + client.certPem());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.keyStore() + "' holds a RSA PRIVATE KEY (PKCS#1/SEC1)");
        refused("openssl pkcs8 -topk8 -nocrypt -in " + files.keyStore());

        // Kafka itself would fail on the same file, later and less clearly
        Properties raw = new Properties();
        raw.putAll(KafkaClientConfig.admin(withBrokers()));
        assertThatThrownBy(() -> kafkaAccepts(raw)).isInstanceOf(Exception.class);
    }

    @Test
    void aKeyStoreWithoutAKey() {
        ssl();
        set("camel.component.kafka.ssl-keystore-location", files.cert());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.cert() + "' contains no PEM private key");
        refused("cat service.key service.cert > service.pem");
    }

    @Test
    void aKeyStoreWithoutACertificateSaysHowToJoinAivensTwoFiles() {
        ssl();
        set("camel.component.kafka.ssl-keystore-location", files.key());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.key() + "' contains no PEM certificate");
        refused("cat service.key service.cert > service.pem");
    }

    @Test
    void aKeyThatIsNotAKey() {
        ssl();
        TestPki.write(files.keyStore(), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString("not a key at all".getBytes()) + "\n-----END PRIVATE KEY-----\n");
        refused("camel.component.kafka.ssl-keystore-location = '" + files.keyStore() + "' is not an RSA, DSA or EC PKCS#8 private key");
    }

    @Test
    void anEncryptedKeyNeedsItsPassword() throws Exception {
        ssl();
        Issued client = PKI.client("encrypted");
        TestPki.write(files.keyStore(), TestPki.encryptedPkcs8(client.privateKey(), "k3y-pass") + client.certPem());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.keyStore()
                + "' is encrypted: set camel.component.kafka.ssl-key-password");

        set("camel.component.kafka.ssl-key-password", "wrong");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("could not be decrypted with camel.component.kafka.ssl-key-password")
                .hasMessageNotContaining("wrong");

        set("camel.component.kafka.ssl-key-password", "k3y-pass");
        KafkaSecurity security = security();
        assertThat(security.clientProperties()).containsEntry("ssl.key.password", "k3y-pass");
        kafkaAccepts(security);
    }

    @Test
    void aPasswordForAnUnencryptedKeyIsAMistake() {
        ssl();
        set("camel.component.kafka.ssl-key-password", "secret");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.ssl-key-password is set but camel.component.kafka.ssl-keystore-location")
                .hasMessageContaining("is not encrypted");
    }

    @Test
    void aPemKeyStoreTakesNoStorePassword() {
        ssl();
        set("camel.component.kafka.ssl-keystore-password", "secret");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.ssl-keystore-password is set but "
                        + "camel.component.kafka.ssl-keystore-type = PEM")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aCertificateThatDoesNotParse() {
        ssl();
        TestPki.write(files.ca(), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(new byte[300]) + "\n-----END CERTIFICATE-----\n");
        refused("camel.component.kafka.ssl-truststore-location = '" + files.ca() + "' holds a certificate that does not parse as X.509");
    }

    @Test
    void aTrustStoreWithoutACertificate() {
        ssl();
        set("camel.component.kafka.ssl-truststore-location", files.key());
        refused("camel.component.kafka.ssl-truststore-location = '" + files.key() + "' contains no PEM certificate");
    }

    @Test
    void aCertificateOfAnotherKey() {
        ssl();
        TestPki.write(files.keyStore(), PKI.client("owner").keyPem() + PKI.client("someone-else").certPem());
        refused("holds a certificate (CN=someone-else) that does not belong to its private key");
    }

    @Test
    void anExpiredCertificate() {
        ssl();
        Issued old = PKI.issue("expired", Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)), false);
        TestPki.write(files.keyStore(), old.keyPem() + old.certPem());
        refused("camel.component.kafka.ssl-keystore-location = '" + files.keyStore()
                + "' holds a certificate (CN=expired) that expired on ");
        refused("download a fresh one");
    }

    @Test
    void tlsWithoutClientCertificateAndWithTheDefaultCas() throws Exception {
        set("camel.component.kafka.security-protocol", "SSL");
        KafkaSecurity security = security();
        assertThat(security.clientProperties()).containsEntry("security.protocol", "SSL")
                .doesNotContainKeys("ssl.keystore.location", "ssl.truststore.location");
        assertThat(security.description()).contains("no client certificate", "default CAs");
        kafkaAccepts(security);
    }

    @Test
    void saslSslWithScram() throws Exception {
        sasl(SCRAM + "username=\"avnadmin\" password=\"pa\\\"ss\\\\word\";");
        KafkaSecurity security = security();
        assertThat(security.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.keystore.location");
        // Kafka's own JAAS parser reads back exactly the username and password, quotes and backslashes included
        Properties props = new Properties();
        props.putAll(security.clientProperties());
        props.put("bootstrap.servers", "localhost:9093");
        AppConfigurationEntry entry = JaasContext.loadClientContext(new AdminClientConfig(props).values())
                .configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getOptions().get("username")).isEqualTo("avnadmin");
        assertThat(entry.getOptions().get("password")).isEqualTo("pa\"ss\\word");
        assertThat(security.description())
                .isEqualTo("SASL_SSL, no client certificate, trusting CN=test-project-ca, SASL SCRAM-SHA-256 as avnadmin");
        kafkaAccepts(security);
    }

    @Test
    void saslNeedsAJaasLine() {
        sasl("");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.sasl-jaas-config is not set but "
                        + "camel.component.kafka.security-protocol = SASL_SSL: set it, e.g. to " + SCRAM);
    }

    @Test
    void camelKafkasDefaultMechanismDoesNotFitScram() {
        set("camel.component.kafka.security-protocol", "SASL_PLAINTEXT");
        set("camel.component.kafka.sasl-jaas-config", SCRAM + "username=\"u\" password=\"p\";");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.sasl-mechanism = GSSAPI does not fit the ScramLoginModule")
                .hasMessageContaining("SCRAM-SHA-256");
    }

    @Test
    void aJaasLineKafkaCannotReadIsRefusedWithoutShowingIt() {
        sasl(SCRAM + "username=\"u\" password=\"s3cr3t");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.sasl-jaas-config is not a JAAS line Kafka can read")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theAdminClientGetsTheBrokersAndTheSecurityOfTheEndpoints() {
        ssl();
        Properties admin = KafkaClientConfig.admin(withBrokers());
        assertThat(admin).containsEntry("bootstrap.servers", "broker:12345");
        security().clientProperties().forEach((k, v) -> assertThat(admin).containsEntry(k, v));
        // what camel-kafka gives a kafka: endpoint of a component configured with the same options
        Properties endpoint = KafkaClientConfig.configuration(context).createProducerProperties();
        endpoint.forEach((k, v) -> {
            if (k.toString().startsWith("ssl.") || k.toString().startsWith("sasl.") || k.equals("security.protocol")) {
                assertThat(admin).containsEntry(k, v);
            }
        });
    }

    @Test
    void optionsAreBoundAsCamelMainBindsThemSystemPropertiesAndPlaceholdersIncluded() {
        ssl();
        set("ca.file", files.ca());
        set("camel.component.kafka.ssl-truststore-location", "nowhere.pem");
        System.setProperty("camel.component.kafka.ssl-truststore-location", "{{ca.file}}");
        assertThat(security().clientProperties()).containsEntry("ssl.truststore.location", files.ca().toString());
    }

    @Test
    void anUnknownOptionIsOneLine() {
        set("camel.component.kafka.ssl-keystore-flavour", "s3cr3t");
        assertThatThrownBy(this::security).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.component.kafka.ssl-keystore-flavour could not be applied to the kafka component")
                .hasMessageNotContaining("s3cr3t");
    }

    private DefaultCamelContext withBrokers() {
        set("camel.component.kafka.brokers", "broker:12345");
        return context;
    }

    /** Kafka's own SSL engine factory builds an engine from the properties (it would throw where Kafka cannot). */
    private static void kafkaAccepts(KafkaSecurity security) throws Exception {
        Properties props = new Properties();
        props.putAll(security.clientProperties());
        kafkaAccepts(props);
    }

    private static void kafkaAccepts(Properties props) throws Exception {
        props.put("bootstrap.servers", "localhost:9093");
        try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
            factory.configure(new AdminClientConfig(props).values());
            assertThat(factory.createClientSslEngine("localhost", 9093, "https")).isNotNull();
        }
    }
}
