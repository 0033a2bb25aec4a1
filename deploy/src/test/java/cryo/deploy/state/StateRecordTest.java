package cryo.deploy.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.Loader;
import cryo.deploy.boot.StepResult;
import cryo.deploy.harness.SimNode;
import cryo.deploy.harness.TestBundles;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.slot.SlotName;
import cryo.deploy.slot.SlotState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A corrupt or missing state record: recovered from the other copy, or a clean safe default with an alarm. */
class StateRecordTest {
    private final StateStore paths = new StateStore(null, new SlotLayout(SimNode.ROOT).stateDir());

    @Test
    void encodeDecodeRoundTrip() throws Exception {
        LoaderState s = LoaderState.FRESH.withGeneration(7).withActive(SlotName.B).withSecurityCounter(3)
                .withSlot(SlotName.B, new SlotRecord(SlotState.GOOD, "1.2.0", 3, 3, "confirmed"))
                .withLastBoot(SlotName.B, "exited with code 0 after confirmation", 123);
        assertEquals(s, StateCodec.decode(StateCodec.encode(s)));
    }

    @Test
    void flippedBitIsNamedByTheCrcCheck() {
        byte[] bytes = StateCodec.encode(LoaderState.FRESH);
        bytes[30] ^= 4;
        StateFormatException e = assertThrows(StateFormatException.class, () -> StateCodec.decode(bytes));
        assertTrue(e.getMessage().startsWith("crc32: expected "), e.getMessage());
    }

    private SimNode nodeWithTwoGoodSlots(TestBundles bundles) throws Exception {
        SimNode node = SimNode.fresh(bundles);
        Loader l = node.start();
        l.install("1.cryob", bundles.bundle("1.0.0", 1, "good"));
        SimNode.settle(l);
        l.install("2.cryob", bundles.bundle("2.0.0", 1, "good"));
        SimNode.settle(l);
        return node;
    }

    @Test
    void corruptNewestCopyRecoversFromTheOther() throws Exception {
        TestBundles bundles = new TestBundles();
        SimNode node = nodeWithTwoGoodSlots(bundles);
        Loader before = node.start();
        long generation = before.state().generation();
        Path newest = paths.copyPath((int) (generation % 2 == 1 ? 0 : 1));
        // find which copy holds the newest generation, and damage it
        for (int copy = 0; copy < 2; copy++) {
            if (StateCodec.decode(node.disk.read(paths.copyPath(copy))).generation() == generation) {
                newest = paths.copyPath(copy);
            }
        }
        byte[] bytes = node.disk.read(newest);
        bytes[bytes.length / 2] ^= 0x20;
        node.disk.write(newest, bytes);
        Loader after = node.start();
        assertEquals(1, after.alarms().size(), after.alarms().toString());
        assertTrue(after.alarms().get(0).contains("crc32: expected"), after.alarms().toString());
        assertEquals(generation - 1, after.state().generation());
        SimNode.Settled s = SimNode.settle(after);
        assertFalse(s.safeMode(), s.detail());
        // the next save overwrites the damaged copy, and the alarm is gone on the next start
        assertEquals(java.util.List.of(), node.start().alarms());
    }

    @Test
    void missingCopyIsNotAProblem() throws Exception {
        TestBundles bundles = new TestBundles();
        SimNode node = nodeWithTwoGoodSlots(bundles);
        long generation = node.start().state().generation();
        for (int copy = 0; copy < 2; copy++) {
            if (StateCodec.decode(node.disk.read(paths.copyPath(copy))).generation() != generation) {
                node.disk.delete(paths.copyPath(copy));
            }
        }
        Loader after = node.start();
        assertEquals(java.util.List.of(), after.alarms());
        assertEquals(generation, after.state().generation());
    }

    @Test
    void bothCopiesCorruptGiveTheSafeDefaultWithAnAlarm() throws Exception {
        TestBundles bundles = new TestBundles();
        SimNode node = nodeWithTwoGoodSlots(bundles);
        node.disk.write(paths.copyPath(0), "garbage".getBytes(StandardCharsets.UTF_8));
        node.disk.write(paths.copyPath(1), new byte[0]);
        Loader after = node.start();
        assertEquals(3, after.alarms().size(), after.alarms().toString());
        assertTrue(after.alarms().get(2).contains("safe default"), after.alarms().toString());
        StepResult.SafeModeRequired safe = assertInstanceOf(StepResult.SafeModeRequired.class, after.step(() -> false));
        assertTrue(safe.reason().contains("alarm: no usable state record"), safe.reason());
        // a good bundle recovers the node
        after.install("3.cryob", bundles.bundle("3.0.0", 1, "good"));
        assertEquals("3.0.0", SimNode.settle(after).version());
    }

    @Test
    void noRecordAtAllIsAFreshNode() throws Exception {
        SimNode node = SimNode.fresh(new TestBundles());
        Loader l = node.start();
        assertEquals(java.util.List.of(), l.alarms());
        assertInstanceOf(StepResult.SafeModeRequired.class, l.step(() -> false));
    }
}
