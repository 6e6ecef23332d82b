package clickstream.connect;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.main.MainHelper;
import org.apache.camel.util.OrderedLocationProperties;
import org.apache.camel.util.StringHelper;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

import clickstream.config.ConfigurationException;
import clickstream.tls.PemFile;

/**
 * Kafka security is Camel's: the {@code camel.component.kafka.*} options (security-protocol, ssl-keystore-type=PEM,
 * ssl-keystore-location, ssl-truststore-*, sasl-mechanism, sasl-jaas-config) configure every {@code kafka:} endpoint,
 * and the app's own clients (topic admin, consumer lag, reconciliation) take the same options through the same
 * binding and camel-kafka's own mapping to client properties ({@link #admin}), so both reach the cluster the same way.
 *
 * <p>What Camel lacks, and stays here: a check before anything connects ({@link #security}). Kafka reports a wrong
 * file or JAAS line only at the first connection ("Failed to load PEM SSL keystore"), after the embedded services
 * started; this names the property and the fix. Aiven ships the client key and certificate as two files
 * (service.key, service.cert) while Kafka's PEM key store reads both from one ({@code ssl.keystore.location}), so
 * the messages say how to join them (docs/deploy.md).
 */
public final class KafkaClientConfig {

    public static final String PREFIX = "camel.component.kafka.";
    public static final String PROTOCOL = PREFIX + "security-protocol";
    public static final String KEYSTORE_TYPE = PREFIX + "ssl-keystore-type";
    public static final String KEYSTORE_LOCATION = PREFIX + "ssl-keystore-location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "ssl-keystore-password";
    public static final String KEY_PASSWORD = PREFIX + "ssl-key-password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "ssl-truststore-type";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "ssl-truststore-location";
    public static final String SASL_MECHANISM = PREFIX + "sasl-mechanism";
    public static final String SASL_JAAS_CONFIG = PREFIX + "sasl-jaas-config";

    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT");
    private static final String KEY_AND_CERT = "the client's private key and its certificate in one PEM file "
            + "(Aiven: cat service.key service.cert > service.pem)";
    private static final String CA = "the CA certificate of the Kafka service (Aiven: ca.pem)";
    private static final String JAAS_EXAMPLE = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"avnadmin\" password=\"...\";";
    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KafkaClientConfig() {
    }

    /**
     * How the clients authenticate: the protocol, the Kafka client properties camel-kafka makes of the options
     * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}), and a line for the log that holds no secret.
     */
    public record KafkaSecurity(String protocol, Map<String, Object> clientProperties, String description) {

        public boolean plaintext() {
            return "PLAINTEXT".equals(protocol);
        }

        @Override
        public String toString() {
            return description; // never the properties: they hold passwords
        }
    }

    /**
     * The {@code camel.component.kafka.*} options bound onto a component of our own exactly as camel-main binds them
     * onto the routes' one (the properties, then -D; placeholders such as {{env:NAME}} or a vault's resolved), readable
     * before camel-main has configured the routes' component and by tools that run no Camel Main (reconciliation).
     */
    public static KafkaConfiguration configuration(CamelContext context) {
        // -D wins over the files, as in camel-main; like camel-main 4.17 (checked), CAMEL_COMPONENT_KAFKA_* environment
        // variables are not read: a value from the environment goes in as a placeholder, password="{{env:NAME}}".
        // Camel's ordered Properties are read by name (their Hashtable side is empty).
        OrderedLocationProperties options = new OrderedLocationProperties();
        addOptions(options, "properties", context.getPropertiesComponent().loadProperties(key -> key.startsWith(PREFIX)));
        addOptions(options, "SYS", MainHelper.loadJvmSystemPropertiesAsProperties(new String[] {PREFIX}));
        KafkaComponent component = new KafkaComponent(context);
        try {
            MainHelper.setPropertiesOnTarget(context, component, options, PREFIX, true, true,
                    new OrderedLocationProperties());
        } catch (PropertyBindingException e) {
            // the message would show the value, which may be a password
            throw new ConfigurationException(PREFIX + StringHelper.camelCaseToDash(e.getPropertyName()) + " could not be "
                    + "applied to the kafka component: check the option's name and value against camel-kafka's options");
        } catch (Exception e) {
            // e.g. a placeholder that does not resolve: its message names the key, not a value
            throw new ConfigurationException("The " + PREFIX + "* options could not be applied ("
                    + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*[\\r\\n]+\\s*", " ")
                    + "): check them and their placeholders", e);
        }
        return component.getConfiguration();
    }

    private static void addOptions(OrderedLocationProperties options, String location, Properties found) {
        for (String key : found.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                options.put(location, MainHelper.optionKey(key.substring(PREFIX.length())), found.getProperty(key));
            }
        }
    }

    /** Properties for the app's own admin and consumer clients: the brokers and the routes' security. */
    public static Properties admin(CamelContext context) {
        KafkaConfiguration configuration = configuration(context);
        Properties props = new Properties();
        String brokers = Optional.ofNullable(configuration.getBrokers()).filter(b -> !b.isBlank())
                .orElseThrow(() -> new ConfigurationException(PREFIX + "brokers is not set: set kafka.brokers (it is "
                        + PREFIX + "brokers = {{kafka.brokers}} in application.properties)"));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "clickstream-admin");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.putAll(clientSecurity(configuration));
        return props;
    }

    /** Checks the security options; a wrong one is a {@link ConfigurationException} naming the property and the fix. */
    public static KafkaSecurity security(CamelContext context) {
        KafkaConfiguration configuration = configuration(context);
        String protocol = configuration.getSecurityProtocol();
        if (!PROTOCOLS.contains(protocol)) {
            // camel-kafka compares the name as written: "ssl" would silently drop every ssl-* option
            throw new ConfigurationException(PROTOCOL + " = '" + protocol + "' is not supported: use PLAINTEXT, SSL "
                    + "(client certificate, e.g. Aiven's), SASL_SSL (username and password over TLS) or SASL_PLAINTEXT, "
                    + "in upper case");
        }
        StringBuilder description = new StringBuilder(protocol);
        if (protocol.endsWith("SSL")) {
            keyStore(configuration, description);
            trustStore(configuration, description);
        }
        if (protocol.startsWith("SASL")) {
            sasl(configuration, protocol, description);
        }
        return new KafkaSecurity(protocol, clientSecurity(configuration), description.toString());
    }

    /** What camel-kafka gives its clients for security (it applies the additional properties last, as here). */
    private static Map<String, Object> clientSecurity(KafkaConfiguration configuration) {
        Properties consumer = configuration.createConsumerProperties();
        Properties security = new Properties();
        consumer.forEach((key, value) -> {
            String name = key.toString();
            if (name.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) || name.startsWith("ssl.") || name.startsWith("sasl.")) {
                security.put(name, value);
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> map = (Map) Map.copyOf(security);
        return map;
    }

    private static void keyStore(KafkaConfiguration configuration, StringBuilder description) {
        String location = blankToNull(configuration.getSslKeystoreLocation());
        if (location == null) {
            description.append(", no client certificate");
            return;
        }
        if (!"PEM".equalsIgnoreCase(configuration.getSslKeystoreType())) {
            PemFile.requireReadable(KEYSTORE_LOCATION, location, "the client's key store (" + KEYSTORE_TYPE + " = "
                    + configuration.getSslKeystoreType() + ")");
            description.append(", client key store ").append(Path.of(location).getFileName());
            return;
        }
        if (blankToNull(configuration.getSslKeystorePassword()) != null) {
            throw new ConfigurationException(KEYSTORE_PASSWORD + " is set but " + KEYSTORE_TYPE + " = PEM, which takes no "
                    + "store password: leave it empty (an encrypted key's password goes in " + KEY_PASSWORD + ")");
        }
        PemFile file = PemFile.read(KEYSTORE_LOCATION, location, KEY_AND_CERT);
        String keyPassword = blankToNull(configuration.getSslKeyPassword());
        PrivateKey key = file.privateKey(keyPassword == null ? null : keyPassword.toCharArray(), KEY_PASSWORD);
        X509Certificate certificate = file.certificates(KEY_AND_CERT).get(0);
        file.requireKeyPair(key, certificate);
        description.append(", client certificate ").append(PemFile.subject(certificate))
                .append(" (valid until ").append(certificate.getNotAfter().toInstant().toString(), 0, 10).append(')');
    }

    private static void trustStore(KafkaConfiguration configuration, StringBuilder description) {
        String location = blankToNull(configuration.getSslTruststoreLocation());
        if (location == null) {
            description.append(", trusting the JVM's default CAs");
            return;
        }
        if (!"PEM".equalsIgnoreCase(configuration.getSslTruststoreType())) {
            PemFile.requireReadable(TRUSTSTORE_LOCATION, location, "the trust store (" + TRUSTSTORE_TYPE + " = "
                    + configuration.getSslTruststoreType() + ")");
            description.append(", trust store ").append(Path.of(location).getFileName());
            return;
        }
        List<X509Certificate> certificates = PemFile.read(TRUSTSTORE_LOCATION, location, CA).certificates(CA);
        description.append(", trusting ").append(PemFile.subject(certificates.get(0)));
    }

    private static void sasl(KafkaConfiguration configuration, String protocol, StringBuilder description) {
        String mechanism = configuration.getSaslMechanism();
        String jaas = blankToNull(configuration.getSaslJaasConfig());
        if (jaas == null) {
            if ("GSSAPI".equals(mechanism) && System.getProperty("java.security.auth.login.config") != null) {
                description.append(", SASL GSSAPI"); // Kerberos from the JVM's JAAS file
                return;
            }
            throw new ConfigurationException(SASL_JAAS_CONFIG + " is not set but " + PROTOCOL + " = " + protocol
                    + ": set it, e.g. to " + JAAS_EXAMPLE + " (docs/deploy.md)");
        }
        try {
            JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
        } catch (IllegalArgumentException e) {
            // Kafka's message may quote the line, password included: not shown
            throw new ConfigurationException(SASL_JAAS_CONFIG + " is not a JAAS line Kafka can read: write it as "
                    + JAAS_EXAMPLE + " (a \" or \\ inside a value needs a \\ before it)");
        }
        String loginModule = jaas.trim().split("\\s+", 2)[0];
        boolean scram = loginModule.endsWith("ScramLoginModule");
        boolean plain = loginModule.endsWith("PlainLoginModule");
        if ((scram && !mechanism.startsWith("SCRAM-")) || (plain && !"PLAIN".equals(mechanism))) {
            throw new ConfigurationException(SASL_MECHANISM + " = " + mechanism + " does not fit the "
                    + loginModule.substring(loginModule.lastIndexOf('.') + 1) + " of " + SASL_JAAS_CONFIG + ": set "
                    + SASL_MECHANISM + " = " + (scram ? "SCRAM-SHA-256 (Aiven) or SCRAM-SHA-512" : "PLAIN")
                    + " (camel-kafka's default is GSSAPI)");
        }
        description.append(", SASL ").append(mechanism);
        Matcher username = JAAS_USERNAME.matcher(jaas);
        if (username.find()) {
            description.append(" as ").append(username.group(1));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
