package clickstream.connect;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import clickstream.config.ConfigurationException;
import clickstream.config.Settings;
import clickstream.tls.PemFile;

/**
 * The one place that turns the {@code kafka.*} settings into Kafka client properties: the project's own admin
 * client and the Camel kafka component (every {@code kafka:} endpoint) get the same security properties from
 * {@link #security(Settings)}, so both reach the same cluster the same way.
 *
 * <p>TLS material is Aiven's PEM files as downloaded (no keytool): Kafka's PEM support
 * ({@code ssl.keystore.type=PEM}) gets the key, certificate and CA text, checked here first so a wrong file stops
 * start-up with one line instead of a handshake failure later.
 */
public final class KafkaClientConfig {

    public static final String PROTOCOL = "kafka.security.protocol";
    public static final String KEY_FILE = "kafka.ssl.key-file";
    public static final String CERT_FILE = "kafka.ssl.cert-file";
    public static final String CA_FILE = "kafka.ssl.ca-file";
    public static final String KEY_PASSWORD = "kafka.ssl.key-password";
    public static final String SASL_MECHANISM = "kafka.sasl.mechanism";
    public static final String SASL_USERNAME = "kafka.sasl.username";
    public static final String SASL_PASSWORD = "kafka.sasl.password";

    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT");
    private static final Map<String, String> SASL_LOGIN_MODULES = Map.of(
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private KafkaClientConfig() {
    }

    /**
     * How the clients authenticate: the protocol, the raw Kafka client properties for it (empty for PLAINTEXT, so
     * nothing is overridden), and a line for the log that holds no secret.
     */
    public record KafkaSecurity(String protocol, Map<String, String> clientProperties, String description) {

        public boolean plaintext() {
            return "PLAINTEXT".equals(protocol);
        }

        @Override
        public String toString() {
            return description; // never the properties: they hold the key and the password
        }
    }

    public static Properties admin(Settings settings) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.required("kafka.brokers"));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "clickstream-admin");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.putAll(security(settings).clientProperties());
        return props;
    }

    /**
     * Gives every {@code kafka:} endpoint the security properties, as the component's {@code additionalProperties}
     * (applied last by camel-kafka, after its own typed options, which stay at their PLAINTEXT defaults).
     */
    public static void configure(KafkaComponent component, KafkaSecurity security) {
        if (!security.plaintext()) {
            component.getConfiguration().getAdditionalProperties().putAll(security.clientProperties());
        }
    }

    /** Reads and checks the {@code kafka.security.*}, {@code kafka.ssl.*} and {@code kafka.sasl.*} settings. */
    public static KafkaSecurity security(Settings settings) {
        String protocol = settings.text(PROTOCOL, "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new ConfigurationException(PROTOCOL + " = '" + settings.text(PROTOCOL, "") + "' is not supported: use "
                    + "PLAINTEXT, SSL (client certificate, e.g. Aiven's service.key/service.cert/ca.pem), "
                    + "SASL_SSL (username and password over TLS) or SASL_PLAINTEXT");
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (protocol.equals("PLAINTEXT")) {
            return new KafkaSecurity(protocol, Map.of(), "PLAINTEXT");
        }
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        StringBuilder description = new StringBuilder(protocol);
        if (protocol.equals("SSL")) {
            clientCertificate(settings, props, description);
        }
        if (protocol.endsWith("SSL")) {
            trustedCa(settings, props, description);
        }
        if (protocol.startsWith("SASL")) {
            sasl(settings, props, description);
        }
        return new KafkaSecurity(protocol, Map.copyOf(props), description.toString());
    }

    private static void clientCertificate(Settings settings, Map<String, String> props, StringBuilder description) {
        Optional<String> keyFile = settings.optional(KEY_FILE);
        Optional<String> certFile = settings.optional(CERT_FILE);
        if (keyFile.isEmpty() && certFile.isEmpty()) {
            description.append(", no client certificate");
            return; // TLS without client authentication
        }
        if (keyFile.isEmpty() || certFile.isEmpty()) {
            String missing = keyFile.isEmpty() ? KEY_FILE : CERT_FILE;
            String present = keyFile.isEmpty() ? CERT_FILE : KEY_FILE;
            throw new ConfigurationException(missing + " is empty but " + present + " is set: set both (client certificate "
                    + "authentication, Aiven: service.key and service.cert) or neither");
        }
        PemFile key = PemFile.read(KEY_FILE, keyFile.get(), "the client's private key (Aiven: service.key)");
        PemFile cert = PemFile.read(CERT_FILE, certFile.get(), "the client's certificate (Aiven: service.cert)");
        Optional<String> keyPassword = settings.optional(KEY_PASSWORD);
        PrivateKey privateKey = key.privateKey(keyPassword.map(String::toCharArray).orElse(null), KEY_PASSWORD);
        List<X509Certificate> chain = cert.certificates("the client's certificate (Aiven: service.cert)");
        PemFile.requireSameKeyPair(privateKey, key, chain.get(0), cert);

        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
        props.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, key.text());
        props.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, cert.text());
        keyPassword.ifPresent(p -> props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, p));
        description.append(", client certificate ").append(PemFile.subject(chain.get(0)))
                .append(" (valid until ").append(chain.get(0).getNotAfter().toInstant().toString(), 0, 10).append(')');
    }

    private static void trustedCa(Settings settings, Map<String, String> props, StringBuilder description) {
        Optional<String> caFile = settings.optional(CA_FILE);
        if (caFile.isEmpty()) {
            description.append(", trusting the JVM's default CAs");
            return;
        }
        PemFile ca = PemFile.read(CA_FILE, caFile.get(), "the CA certificate of the Kafka service (Aiven: ca.pem)");
        List<X509Certificate> certificates = ca.certificates("the CA certificate of the Kafka service (Aiven: ca.pem)");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca.text());
        description.append(", trusting ").append(PemFile.subject(certificates.get(0)));
    }

    private static void sasl(Settings settings, Map<String, String> props, StringBuilder description) {
        String mechanism = settings.text(SASL_MECHANISM, "SCRAM-SHA-256").toUpperCase(Locale.ROOT);
        String loginModule = SASL_LOGIN_MODULES.get(mechanism);
        if (loginModule == null) {
            throw new ConfigurationException(SASL_MECHANISM + " = '" + settings.text(SASL_MECHANISM, "")
                    + "' is not supported: use SCRAM-SHA-256 (Aiven), SCRAM-SHA-512 or PLAIN");
        }
        String protocol = props.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        String username = settings.optional(SASL_USERNAME).orElseThrow(() -> new ConfigurationException(SASL_USERNAME
                + " is not set but " + PROTOCOL + " = " + protocol + ": set " + SASL_USERNAME + " and " + SASL_PASSWORD
                + " (Aiven: the service user, e.g. avnadmin, and its password)"));
        String password = settings.optional(SASL_PASSWORD).orElseThrow(() -> new ConfigurationException(SASL_PASSWORD
                + " is not set but " + PROTOCOL + " = " + protocol + ": set it, e.g. with the environment variable "
                + Settings.envName(SASL_PASSWORD) + " so it stays out of files"));
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, loginModule + " required username=\"" + jaasQuoted(SASL_USERNAME, username)
                + "\" password=\"" + jaasQuoted(SASL_PASSWORD, password) + "\";");
        description.append(", SASL ").append(mechanism).append(" as ").append(username);
    }

    /** A value inside a JAAS double-quoted string (Kafka parses it with StreamTokenizer: backslash escapes, one line). */
    private static String jaasQuoted(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new ConfigurationException(key + " contains a line break, which a JAAS configuration cannot hold: "
                    + "remove it");
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
