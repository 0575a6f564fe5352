package dev.shoal.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The window, the CLI and the daemon use the engine only through its API and its ports; the adapters (QUIC, mDNS)
 * only through its ports. Whatever else the engine holds can change without them noticing.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shoal.app", "dev.shoal.ui", "dev.shoal.transport", "dev.shoal.discovery");

    @Test
    void theAppUsesOnlyTheEnginesApiAndPorts() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.shoal.app..", "dev.shoal.ui..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.shoal.engine..")
                        .and(resideOutsideOfPackages("dev.shoal.engine.api..", "dev.shoal.engine.spi..")))
                .check(CLASSES);
    }

    @Test
    void adaptersUseOnlyTheEnginesPorts() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.shoal.transport..", "dev.shoal.discovery..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("dev.shoal.engine..").and(resideOutsideOfPackages("dev.shoal.engine.spi..")))
                .check(CLASSES);
    }
}
