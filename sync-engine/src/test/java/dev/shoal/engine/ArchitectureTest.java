package dev.shoal.engine;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering. The core must stay testable without a network stack, mDNS or a display (adapters live in
 * other modules); {@code api} is the surface the window and the daemon use and {@code spi} the ports adapters
 * implement, so neither may lean on the engine's internals; and no two engine packages depend on each other.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shoal.engine");

    @Test
    void importsNoNettyJmdnsOrJavafx() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "javax.jmdns..", "javafx..")
                .check(CLASSES);
    }

    @Test
    void noPackageCyclesInsideTheEngine() {
        slices().matching("dev.shoal.engine.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theApiNamesNoInternals() {
        noClasses()
                .that()
                .resideInAPackage("dev.shoal.engine.api..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.shoal.engine..")
                        .and(resideOutsideOfPackages("dev.shoal.engine.api..", "dev.shoal.engine.spi..")))
                .check(CLASSES);
    }

    @Test
    void thePortsNameNothingElseOfTheEngine() {
        noClasses()
                .that()
                .resideInAPackage("dev.shoal.engine.spi..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.shoal.engine..").and(resideOutsideOfPackages("dev.shoal.engine.spi..")))
                .check(CLASSES);
    }
}
