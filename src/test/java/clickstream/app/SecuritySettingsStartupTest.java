package clickstream.app;

import clickstream.config.ConfigurationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import clickstream.embedded.Ports;
import clickstream.tls.TestPki;

/**
 * A wrong security setting stops the app before anything starts (no embedded service, no connection), with one
 * line that names the property: in-process through {@link ClickstreamApp#newMain()}, and as a real process whose
 * output and exit code are what a user sees.
 */
class SecuritySettingsStartupTest {

    @TempDir
    Path dir;

    /** Runs the app's Main with these settings; it must fail at start-up, and this returns why. */
    static ConfigurationException startupProblem(Map<String, String> settings) {
        Main main = ClickstreamApp.newMain();
        // never the default ports, and never a real service: the settings must stop start-up before either matters
        main.addOverrideProperty("embedded.kafka.port", String.valueOf(Ports.freePort()));
        main.addOverrideProperty("embedded.opensearch.port", String.valueOf(Ports.freePort()));
        settings.forEach(main::addOverrideProperty);
        Throwable failure = catchThrowable(main::run);
        assertThat(failure).as("start-up must fail").isNotNull();
        ConfigurationException problem = ClickstreamApp.configurationProblem(failure);
        assertThat(problem).as("a ConfigurationException in %s", failure).isNotNull();
        assertThat(problem.getMessage()).doesNotContain("\n");
        return problem;
    }

    static Map<String, String> external(Map<String, String> more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of(
                "kafka.brokers", "localhost:1", "opensearch.hosts", "http://localhost:1"));
        settings.putAll(more);
        return settings;
    }

    @Test
    void aMissingKeyStore() {
        ConfigurationException problem = startupProblem(external(Map.of(
                "camel.component.kafka.security-protocol", "SSL", "camel.component.kafka.ssl-keystore-type", "PEM",
                "camel.component.kafka.ssl-keystore-location", dir.resolve("service.pem").toString())));
        assertThat(problem.getMessage()).startsWith("camel.component.kafka.ssl-keystore-location = '"
                + dir.resolve("service.pem") + "': no such file");
    }

    @Test
    void anUnknownProtocol() {
        assertThat(startupProblem(external(Map.of("camel.component.kafka.security-protocol", "SASL"))).getMessage())
                .startsWith("camel.component.kafka.security-protocol = 'SASL' is not supported");
    }

    @Test
    void saslWithoutJaasLine() {
        TestPki pki = TestPki.create("startup-ca");
        Path ca = TestPki.write(dir.resolve("ca.pem"), pki.caPem());
        assertThat(startupProblem(external(Map.of("camel.component.kafka.security-protocol", "SASL_SSL",
                "camel.component.kafka.ssl-truststore-type", "PEM", "camel.component.kafka.ssl-truststore-location",
                ca.toString(), "camel.component.kafka.sasl-mechanism", "SCRAM-SHA-256"))).getMessage())
                .startsWith("camel.component.kafka.sasl-jaas-config is not set but camel.component.kafka.security-protocol = SASL_SSL");
    }

    @Test
    void aMissingOpenSearchCa() {
        assertThat(startupProblem(external(Map.of("opensearch.hosts", "https://localhost:1",
                "opensearch.ca-file", dir.resolve("os-ca.pem").toString()))).getMessage())
                .startsWith("opensearch.ca-file = '" + dir.resolve("os-ca.pem") + "': no such file");
    }

    @Test
    void aSecureProtocolNeedsBrokersBecauseTheEmbeddedOneIsPlaintext() {
        TestPki pki = TestPki.create("startup-ca");
        TestPki.ClientFiles files = pki.writeClientFiles(dir, "client");
        ConfigurationException problem = startupProblem(Map.of("opensearch.hosts", "http://localhost:1",
                "camel.component.kafka.security-protocol", "SSL", "camel.component.kafka.ssl-keystore-type", "PEM",
                "camel.component.kafka.ssl-keystore-location", files.keyStore().toString()));
        assertThat(problem.getMessage()).startsWith("camel.component.kafka.security-protocol = SSL needs kafka.brokers");
    }

    @Test
    void theRealProcessPrintsOneLineAndExitsWith2() throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // the app's own logging (INFO to the console), not the tests' quieter one
                "-Dlog4j2.configurationFile=log4j2.xml",
                "-Dkafka.brokers=localhost:1",
                "-Dopensearch.hosts=http://localhost:1",
                "-Dcamel.component.kafka.security-protocol=SSL",
                "-Dcamel.component.kafka.ssl-keystore-type=PEM",
                "-Dcamel.component.kafka.ssl-keystore-location=" + dir.resolve("service.pem"),
                ClickstreamApp.class.getName()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the app did not stop; its output:\n" + Files.readString(stdout));
        }
        List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        String out = Files.readString(stdout, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as("exit code; stderr %s", err).isEqualTo(2);
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("clickstream: camel.component.kafka.ssl-keystore-location = '"
                + dir.resolve("service.pem") + "': no such file");
        // the log says what started, but no stack trace and no error
        assertThat(out).contains("Apache Camel").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(" ERROR ");
    }
}
