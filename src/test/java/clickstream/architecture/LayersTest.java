package clickstream.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers that point one way (docs/architecture.md): configuration at the bottom, then the model,
 * the connections to Kafka and OpenSearch, the pipeline's steps, observability, and the composition root on top.
 * A layer may use the ones below it, never one above; no two packages depend on each other in a circle.
 */
class LayersTest {

    /** Plain JUnit tests over one import (surefire does not run the ArchUnit engine's field rules under -Dtest). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("clickstream");

    private static final DescribedPredicate<Slice> PIPELINE_STEP = DescribedPredicate.describe("pipeline steps",
            slice -> Set.of("generator", "indexing", "replay", "reconcile", "sessions", "retention")
                    .contains(slice.getNamePart(1)));

    private static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Configuration").definedBy("clickstream.config..")
            .layer("Model").definedBy("clickstream.model..")
            .layer("Connections").definedBy("clickstream.connect..", "clickstream.tls..", "clickstream.embedded..")
            .layer("Pipeline steps").definedBy("clickstream.generator..", "clickstream.indexing..",
                    "clickstream.replay..", "clickstream.reconcile..", "clickstream.sessions..", "clickstream.retention..")
            .layer("Observability").definedBy("clickstream.observe..", "clickstream.dashboard..")
            .layer("Composition root").definedBy("clickstream.app..")
            .whereLayer("Composition root").mayNotBeAccessedByAnyLayer()
            .whereLayer("Observability").mayOnlyBeAccessedByLayers("Composition root")
            .whereLayer("Pipeline steps").mayOnlyBeAccessedByLayers("Observability", "Composition root")
            .whereLayer("Connections").mayOnlyBeAccessedByLayers("Pipeline steps", "Observability",
                    "Composition root")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Connections", "Pipeline steps", "Observability",
                    "Composition root")
            .whereLayer("Configuration").mayOnlyBeAccessedByLayers("Model", "Connections", "Pipeline steps",
                    "Observability", "Composition root");

    private static final ArchRule NO_CYCLES = slices().matching("clickstream.(*)..").should().beFreeOfCycles();

    /** The pipeline's steps are separate features: each talks to the others only through Kafka and OpenSearch. */
    private static final ArchRule STEPS_INDEPENDENT = slices().matching("clickstream.(*)..")
            .that(PIPELINE_STEP).should().notDependOnEachOther();

    @Test
    void layersPointOneWay() {
        LAYERS.check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        NO_CYCLES.check(MAIN);
    }

    @Test
    void pipelineStepsDoNotUseEachOther() {
        STEPS_INDEPENDENT.check(MAIN);
    }

    @Test
    void theRulesSeeTheCode() {
        assertThat(MAIN.containPackage("clickstream.app")).isTrue();
        assertThat(MAIN.containPackage("clickstream.indexing")).isTrue();
    }
}
