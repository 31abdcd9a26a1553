package org.vasco.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of DESIGN.md as build-time rules (STYLE.md §1, §5): a worker never reaches into
 * another worker, and science code knows nothing of Kafka or JDBC.
 */
class ModuleBoundariesTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vasco");
    }

    @Test
    void workersNeverDependOnEachOther() {
        slices().matching("org.vasco.(download|extract|xmatch|veto)..").should().notDependOnEachOther()
                .allowEmptyShould(true).check(production);
    }

    @Test
    void scienceDoesNotKnowAboutKafkaOrJdbc() {
        noClasses().that().resideInAnyPackage("org.vasco.common.sky..", "org.vasco.common.plate..", "org.vasco.common.tile..",
                        "org.vasco.common.catalog..", "org.vasco.common.detection..", "org.vasco.coordinator.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.sql..", "javax.sql..")
                .check(production);
    }

    @Test
    void stagesDoNotTalkToKafka() {
        // A stage returns a result; the stage loop in common owns the consumer, the producer and the offsets.
        noClasses().that().resideInAnyPackage("org.vasco.download..", "org.vasco.extract..", "org.vasco.xmatch..", "org.vasco.veto..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..")
                .allowEmptyShould(true).check(production);
    }
}
