package clickstream.app;

import clickstream.config.ConfigurationException;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesLocationsTest {

    @TempDir
    Path dir;

    @Test
    void anExistingFileAndTheClasspathPass() throws Exception {
        Path conf = Files.writeString(dir.resolve("aiven.properties"), "camel.component.kafka.security-protocol = SSL\n");
        assertThatCode(() -> PropertiesLocations.requireFiles(
                Optional.of("file:" + conf + " , classpath:application.properties"))).doesNotThrowAnyException();
        assertThatCode(() -> PropertiesLocations.requireFiles(Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void aMissingFileIsOneLineNamingItAndTheFix() {
        String missing = "file:" + dir.resolve("aiven.propeties");
        assertThatThrownBy(() -> PropertiesLocations.requireFiles(Optional.of(missing + ",classpath:application.properties")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("camel.main.property-placeholder-location names " + missing + ", which is not a readable file")
                .hasMessageContaining("cp conf/aiven.properties.example conf/aiven.properties");
    }

    @Test
    void anOptionalFileMayBeMissing() {
        assertThatCode(() -> PropertiesLocations.requireFiles(
                Optional.of("file:" + dir.resolve("nope.properties") + ";optional=true"))).doesNotThrowAnyException();
    }
}
