package cryo.deploy.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.harness.RealNode;
import cryo.deploy.slot.SlotName;
import cryo.deploy.slot.SlotState;
import cryo.deploy.state.LoaderState;
import cryo.deploy.state.SlotRecord;
import cryo.deploy.testfirmware.FakeFirmware;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad firmware as real child processes: each ends in rollback, or stays good. */
class ChildProcessFirmwareTest {
    @TempDir
    Path dir;

    /** Steps until a confirmed boot or safe mode; returns every step's result. */
    static List<StepResult> settle(Loader loader) throws Exception {
        List<StepResult> steps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StepResult r = loader.step(() -> false);
            steps.add(r);
            if (r instanceof StepResult.SafeModeRequired
                    || (r instanceof StepResult.Booted && ((StepResult.Booted) r).outcome().confirmed())) {
                return steps;
            }
        }
        throw new AssertionError("did not settle: " + steps);
    }

    private RealNode nodeRunningGood() throws Exception {
        RealNode node = new RealNode(dir);
        Loader loader = node.start();
        loader.install("1.0.0.cryob", node.bundle("1.0.0", 1, FakeFirmware.ConfirmThenExit.class));
        List<StepResult> steps = settle(loader);
        StepResult.Booted b = assertInstanceOf(StepResult.Booted.class, steps.get(steps.size() - 1), steps.toString() + node.log("b"));
        assertEquals("1.0.0", b.version());
        return node;
    }

    @Test
    void firmwareThatConfirmsAndExitsCleanlyStaysGood() throws Exception {
        RealNode node = nodeRunningGood();
        Loader loader = node.start();
        LoaderState s = loader.state();
        SlotRecord r = s.slot(s.active());
        assertEquals(SlotState.GOOD, r.state());
        assertEquals(3, r.triesLeft());
        assertEquals(1, s.securityCounter());
        assertEquals("exited with code 0 after confirmation", s.lastBootOutcome());
        // and it boots again as a good slot
        StepResult.Booted again = assertInstanceOf(StepResult.Booted.class, loader.step(() -> false));
        assertTrue(again.outcome().confirmed(), again.outcome().description());
        assertEquals(SlotState.GOOD, loader.state().slot(s.active()).state());
    }

    private void assertRollsBack(Class<?> behaviour, String expectedOutcome) throws Exception {
        RealNode node = nodeRunningGood();
        Loader loader = node.start();
        SlotName good = loader.state().active();
        SlotName target = loader.install("2.0.0.cryob", node.bundle("2.0.0", 2, behaviour));
        assertEquals(good.other(), target);
        List<StepResult> steps = settle(loader);
        String trace = steps + "\nlog:\n" + node.log(target.id());
        int failedBoots = 0;
        for (StepResult r : steps) {
            if (r instanceof StepResult.Booted && !((StepResult.Booted) r).outcome().confirmed()) {
                failedBoots++;
                assertTrue(((StepResult.Booted) r).outcome().description().contains(expectedOutcome), trace);
            }
        }
        assertEquals(3, failedBoots, trace);
        StepResult.Booted last = assertInstanceOf(StepResult.Booted.class, steps.get(steps.size() - 1), trace);
        assertEquals("1.0.0", last.version(), trace);
        LoaderState s = loader.state();
        assertEquals(good, s.active());
        assertEquals(SlotState.BAD, s.slot(target).state());
        assertTrue(s.slot(target).note().contains(expectedOutcome), s.slot(target).note());
        assertEquals(1, s.securityCounter(), "the failed firmware must not raise the counter");
    }

    @Test
    void crashAtStartRollsBack() throws Exception {
        assertRollsBack(FakeFirmware.CrashAtStart.class, "exited with code 3 before reporting healthy");
    }

    @Test
    void hangBeforeHandshakeRollsBack() throws Exception {
        assertRollsBack(FakeFirmware.HangBeforeHandshake.class, "no handshake within 4000 ms (hung); killed");
    }

    @Test
    void failedSelfTestRollsBack() throws Exception {
        assertRollsBack(FakeFirmware.FailSelfTest.class, "self-test failed: board does not answer: BOARD_ID read timed out");
    }

    @Test
    void deathDuringSoakRollsBack() throws Exception {
        assertRollsBack(FakeFirmware.DieDuringSoak.class, "exited with code 7 during the soak");
    }

    @Test
    void missedHeartbeatDuringSoakRollsBack() throws Exception {
        assertRollsBack(FakeFirmware.HangAfterHealthy.class, "no HEARTBEAT for 600 ms during the soak (hung); killed");
    }

    @Test
    void bothSlotsBadRequiresSafeMode() throws Exception {
        RealNode node = new RealNode(dir);
        Loader loader = node.start();
        loader.install("1.0.0.cryob", node.bundle("1.0.0", 1, FakeFirmware.CrashAtStart.class));
        List<StepResult> steps = settle(loader);
        StepResult.SafeModeRequired safe = assertInstanceOf(StepResult.SafeModeRequired.class, steps.get(steps.size() - 1),
                steps.toString());
        assertTrue(safe.reason().contains("exited with code 3"), safe.reason());
    }
}
