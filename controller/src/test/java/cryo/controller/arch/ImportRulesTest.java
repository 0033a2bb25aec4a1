package cryo.controller.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's one-way imports. Maven already keeps hal and sim-board from seeing the
 * controller (they do not depend on it, and the enforcer bans it). The controller is the
 * firmware: it never touches the simulator, the embedded broker, the workstation's command line
 * or AWT (Maven keeps sim-board at test scope; this states it for the classes themselves).
 */
class ImportRulesTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cryo.controller", "cryo.hal", "cryo.sim");

    @Test
    void theFirmwareUsesNoWorkstationCode() {
        noClasses().that().resideInAPackage("cryo.controller..")
                .should().dependOnClassesThat().resideInAnyPackage("cryo.sim..", "cryo.workstation..", "io.moquette..",
                        "picocli..", "java.awt..", "javax.imageio..")
                .check(classes);
    }

    @Test
    void halAndSimBoardNeverSeeTheController() {
        noClasses().that().resideInAnyPackage("cryo.hal..", "cryo.sim..")
                .should().dependOnClassesThat().resideInAnyPackage("cryo.controller..", "cryo.deploy..")
                .check(classes);
    }

    @Test
    void halKnowsNothingOfTheSimulator() {
        noClasses().that().resideInAPackage("cryo.hal..")
                .should().dependOnClassesThat().resideInAPackage("cryo.sim..")
                .check(classes);
    }
}
