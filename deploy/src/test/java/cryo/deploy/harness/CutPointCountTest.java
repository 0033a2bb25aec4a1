package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the cut-point count stated in deploy/README.md equal to what {@link PowerCutTest} runs. */
class CutPointCountTest {
    @Test
    void readmeStatesTheCutPointCount() throws Exception {
        StringBuilder detail = new StringBuilder();
        int total = 0;
        for (CutScenario s : CutScenario.ALL) {
            int ops = s.countOperations();
            total += ops * PowerCutTest.POLICIES.length;
            detail.append(s.name).append(' ').append(ops).append(" operations x ").append(PowerCutTest.POLICIES.length).append(" policies; ");
        }
        String readme = Files.readString(Path.of("README.md"));
        String expected = "**" + total + " cut points**";
        assertTrue(readme.contains(expected), "deploy/README.md must say " + expected + " (" + detail + ")");
    }
}
