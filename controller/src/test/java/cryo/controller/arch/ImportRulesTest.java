package cryo.controller.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's one-way imports. Maven already keeps hal and sim-board from seeing the
 * controller (they do not depend on it, and the enforcer bans it); inside the controller only
 * the program's wiring (cli) may touch the simulator.
 */
class ImportRulesTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cryo.controller", "cryo.hal", "cryo.sim");

    @Test
    void onlyTheCliWiringUsesTheSimulator() {
        noClasses().that().resideInAPackage("cryo.controller..")
                .and().resideOutsideOfPackage("cryo.controller.cli..")
                .should().dependOnClassesThat().resideInAPackage("cryo.sim..")
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
