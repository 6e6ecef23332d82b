package clickstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.connect.KafkaClientConfig.KafkaSecurity;
import clickstream.tls.TestPki;
import clickstream.tls.TestPki.ClientFiles;
import clickstream.tls.TestPki.Issued;

class KafkaClientConfigTest {

    private static final TestPki PKI = TestPki.create("test-project-ca");

    @TempDir
    Path dir;

    private DefaultCamelContext context;
    private Settings settings;
    private ClientFiles files;

    @BeforeEach
    void context() {
        context = new DefaultCamelContext();
        settings = Settings.of(context);
        files = PKI.writeClientFiles(dir, "clickstream-client");
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private void set(String key, Object value) {
        context.getPropertiesComponent().addInitialProperty(key, value.toString());
    }

    private void ssl() {
        set("kafka.security.protocol", "SSL");
        set("kafka.ssl.key-file", files.key());
        set("kafka.ssl.cert-file", files.cert());
        set("kafka.ssl.ca-file", files.ca());
    }

    private void sasl(String password) {
        set("kafka.security.protocol", "SASL_SSL");
        set("kafka.ssl.ca-file", files.ca());
        set("kafka.sasl.username", "avnadmin");
        set("kafka.sasl.password", password);
    }

    @Test
    void plaintextByDefaultAddsNothing() {
        KafkaSecurity security = KafkaClientConfig.security(settings);
        assertThat(security.plaintext()).isTrue();
        assertThat(security.clientProperties()).isEmpty();
    }

    @Test
    void sslGivesKafkaThePemFilesAsTheyAre() throws Exception {
        ssl();
        KafkaSecurity security = KafkaClientConfig.security(settings);
        assertThat(security.clientProperties()).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.keystore.type", "PEM"),
                Map.entry("ssl.keystore.key", Files.readString(files.key())),
                Map.entry("ssl.keystore.certificate.chain", Files.readString(files.cert())),
                Map.entry("ssl.truststore.type", "PEM"),
                Map.entry("ssl.truststore.certificates", Files.readString(files.ca())));
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
        TestPki.write(files.key(), client.keyPem());
        TestPki.write(files.cert(), client.certPem());
        assertThat(Files.readString(files.key())).startsWith("-----BEGIN PRIVATE KEY-----");
        kafkaAccepts(KafkaClientConfig.security(settings));

        TestPki.write(files.cert(), PKI.issue("other-rsa", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)), false, "RSA").certPem());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("(CN=other-rsa) does not belong to kafka.ssl.key-file");
    }

    @Test
    void protocolIsCaseInsensitive() {
        ssl();
        set("kafka.security.protocol", "ssl");
        assertThat(KafkaClientConfig.security(settings).protocol()).isEqualTo("SSL");
    }

    @Test
    void unknownProtocol() {
        set("kafka.security.protocol", "TLS");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.security.protocol = 'TLS' is not supported: use PLAINTEXT, SSL")
                .hasMessageContaining("SASL_SSL");
    }

    @Test
    void missingKeyFileNamesThePropertyThePathAndTheFix() {
        ssl();
        set("kafka.ssl.key-file", "conf/nowhere/service.key");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.ssl.key-file = 'conf/nowhere/service.key': no such file (")
                .hasMessageContaining(Path.of("conf/nowhere/service.key").toAbsolutePath().toString())
                .hasMessageContaining("service.key")
                .hasMessageContaining("set kafka.ssl.key-file to where it is");
    }

    @Test
    void aDirectoryIsNotAReadableFile() {
        ssl();
        set("kafka.ssl.cert-file", dir);
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.cert-file = '" + dir + "' is not a readable file");
    }

    @Test
    void missingCaFile() {
        ssl();
        set("kafka.ssl.ca-file", dir.resolve("ca.pem.missing"));
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.ssl.ca-file = '")
                .hasMessageContaining("no such file")
                .hasMessageContaining("ca.pem");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheConversionCommandAsKafkaWouldRefuseIt() throws Exception {
        ssl();
        Issued client = PKI.issue("pkcs1", Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)),
                false, "RSA");
        TestPki.write(files.key(), TestPki.pkcs1(client.privateKey()));
        TestPki.write(files.cert(), client.certPem());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.key-file = '" + files.key() + "' holds a RSA PRIVATE KEY (PKCS#1/SEC1)")
                .hasMessageContaining("Kafka reads PKCS#8 keys only")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + files.key());

        // Kafka itself would fail on the same file, later and less clearly
        Properties raw = new Properties();
        raw.put("security.protocol", "SSL");
        raw.put("ssl.keystore.type", "PEM");
        raw.put("ssl.keystore.key", Files.readString(files.key()));
        raw.put("ssl.keystore.certificate.chain", Files.readString(files.cert()));
        assertThatThrownBy(() -> kafkaAccepts(raw)).isInstanceOf(Exception.class);
    }

    @Test
    void aFileWithoutAKey() {
        ssl();
        set("kafka.ssl.key-file", files.cert());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.key-file = '" + files.cert() + "' contains no PEM private key");
    }

    @Test
    void aKeyThatIsNotAKey() {
        ssl();
        TestPki.write(files.key(), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString("not a key at all".getBytes()) + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.key-file = '" + files.key() + "' is not an RSA, DSA or EC PKCS#8 private key");
    }

    @Test
    void anEncryptedKeyNeedsItsPassword() throws Exception {
        ssl();
        Issued client = PKI.client("encrypted");
        TestPki.write(files.key(), TestPki.encryptedPkcs8(client.privateKey(), "k3y-pass"));
        TestPki.write(files.cert(), client.certPem());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.key-file = '" + files.key() + "' is encrypted: set kafka.ssl.key-password");

        set("kafka.ssl.key-password", "wrong");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("could not be decrypted with kafka.ssl.key-password")
                .hasMessageNotContaining("wrong");

        set("kafka.ssl.key-password", "k3y-pass");
        KafkaSecurity security = KafkaClientConfig.security(settings);
        assertThat(security.clientProperties()).containsEntry("ssl.key.password", "k3y-pass");
        kafkaAccepts(security);
    }

    @Test
    void aPasswordForAnUnencryptedKeyIsAMistake() {
        ssl();
        set("kafka.ssl.key-password", "secret");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.ssl.key-password is set but kafka.ssl.key-file")
                .hasMessageContaining("is not encrypted");
    }

    @Test
    void aCertificateThatDoesNotParse() {
        ssl();
        TestPki.write(files.cert(), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(new byte[300]) + "\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.cert-file = '" + files.cert() + "' holds a certificate that does not parse as X.509");
    }

    @Test
    void aFileWithoutACertificate() {
        ssl();
        set("kafka.ssl.ca-file", files.key());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.ca-file = '" + files.key() + "' contains no PEM certificate");
    }

    @Test
    void aCertificateOfAnotherKey() {
        ssl();
        TestPki.write(files.cert(), PKI.client("someone-else").certPem());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.cert-file = '" + files.cert() + "' (CN=someone-else) does not belong to kafka.ssl.key-file");
    }

    @Test
    void anExpiredCertificate() {
        ssl();
        Issued old = PKI.issue("expired", Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)), false);
        TestPki.write(files.key(), old.keyPem());
        TestPki.write(files.cert(), old.certPem());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kafka.ssl.cert-file = '" + files.cert() + "' holds a certificate (CN=expired) that expired on ")
                .hasMessageContaining("download a fresh one");
    }

    @Test
    void keyAndCertificateGoTogether() {
        ssl();
        set("kafka.ssl.cert-file", "");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.ssl.cert-file is empty but kafka.ssl.key-file is set: set both");
    }

    @Test
    void tlsWithoutClientCertificateAndWithTheDefaultCas() {
        set("kafka.security.protocol", "SSL");
        set("kafka.ssl.key-file", "");
        set("kafka.ssl.cert-file", " ");
        KafkaSecurity security = KafkaClientConfig.security(settings);
        assertThat(security.clientProperties()).containsOnly(Map.entry("security.protocol", "SSL"));
        assertThat(security.description()).contains("no client certificate", "default CAs");
    }

    @Test
    void saslSslWithScram() throws Exception {
        sasl("pa\"ss\\word");
        KafkaSecurity security = KafkaClientConfig.security(settings);
        assertThat(security.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.keystore.key");
        // Kafka's own JAAS parser reads back exactly the username and password, quotes and backslashes included
        Properties props = new Properties();
        props.putAll(security.clientProperties());
        props.put("bootstrap.servers", "localhost:9093");
        AppConfigurationEntry entry = JaasContext.loadClientContext(new AdminClientConfig(props).values())
                .configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        Map<String, ?> options = entry.getOptions();
        assertThat(options.get("username")).isEqualTo("avnadmin");
        assertThat(options.get("password")).isEqualTo("pa\"ss\\word");
        assertThat(security.description()).contains("SCRAM-SHA-256", "avnadmin").doesNotContain("word");
        kafkaAccepts(security);
    }

    @Test
    void saslPlaintextWithPlainNeedsNoCa() {
        set("kafka.security.protocol", "SASL_PLAINTEXT");
        set("kafka.sasl.mechanism", "plain");
        set("kafka.sasl.username", "u");
        set("kafka.sasl.password", "p");
        assertThat(KafkaClientConfig.security(settings).clientProperties()).containsOnlyKeys(
                "security.protocol", "sasl.mechanism", "sasl.jaas.config");
        assertThat(KafkaClientConfig.security(settings).clientProperties().get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
    }

    @Test
    void saslNeedsUsernameAndPassword() {
        set("kafka.security.protocol", "SASL_SSL");
        set("kafka.ssl.ca-file", files.ca());
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.sasl.username is not set but kafka.security.protocol = SASL_SSL");
        set("kafka.sasl.username", "avnadmin");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.sasl.password is not set but kafka.security.protocol = SASL_SSL")
                .hasMessageContaining("KAFKA_SASL_PASSWORD");
    }

    @Test
    void unknownSaslMechanism() {
        sasl("secret");
        set("kafka.sasl.mechanism", "GSSAPI");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.sasl.mechanism = 'GSSAPI' is not supported: use SCRAM-SHA-256");
    }

    @Test
    void aPasswordWithALineBreakIsRefusedWithoutShowingIt() {
        sasl("line1\nline2");
        assertThatThrownBy(() -> KafkaClientConfig.security(settings))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("kafka.sasl.password contains a line break")
                .hasMessageNotContaining("line1");
    }

    @Test
    void theAdminClientGetsTheSameSecurity() {
        ssl();
        set("kafka.brokers", "broker:12345");
        Properties admin = KafkaClientConfig.admin(settings);
        assertThat(admin).containsEntry("bootstrap.servers", "broker:12345");
        KafkaClientConfig.security(settings).clientProperties().forEach((k, v) -> assertThat(admin).containsEntry(k, v));
        assertThat(admin).containsEntry("security.protocol", "SSL");
    }

    @Test
    void theCamelComponentGetsTheSameSecurityAndPlaintextLeavesItAlone() {
        KafkaComponent plain = new KafkaComponent();
        plain.getConfiguration().getAdditionalProperties().put("client.rack", "a");
        KafkaClientConfig.configure(plain, KafkaClientConfig.security(settings));
        assertThat(plain.getConfiguration().getAdditionalProperties()).containsOnly(Map.entry("client.rack", "a"));

        ssl();
        KafkaSecurity security = KafkaClientConfig.security(settings);
        KafkaComponent component = new KafkaComponent();
        KafkaClientConfig.configure(component, security);
        assertThat(component.getConfiguration().getAdditionalProperties()).isEqualTo(security.clientProperties());
        // camel-kafka applies them last, over its own typed defaults
        Properties producer = component.getConfiguration().createProducerProperties();
        security.clientProperties().forEach((k, v) -> assertThat(producer).containsEntry(k, v));
        assertThat(producer).doesNotContainKey("ssl.keystore.location");
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
