package cryo.hal.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {

    @Test
    void aThreadPinsItselfToOneCpuAndOnlyItself() throws Exception {
        BitSet allowed = CpuAffinity.currentThreadCpus();
        assertFalse(allowed.isEmpty());
        int cpu = allowed.length() - 1; // the highest allowed, as the ring takes the isolated core
        AtomicReference<BitSet> inside = new AtomicReference<>();
        Thread ring = new Thread(() -> {
            CpuAffinity.pinCurrentThread(cpu);
            inside.set(CpuAffinity.currentThreadCpus());
        }, "pinned");
        ring.start();
        ring.join();
        BitSet only = new BitSet();
        only.set(cpu);
        assertEquals(only, inside.get(), "the pinned thread runs on its CPU alone");
        assertEquals(allowed, CpuAffinity.currentThreadCpus(), "other threads keep theirs");
    }

    @Test
    void aCpuThisProcessMayNotUseIsOneLine() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                CpuAffinity.pinCurrentThread(1000);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        t.join();
        assertTrue(thrown.get() instanceof IllegalArgumentException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().startsWith("cannot pin this thread to CPU 1000 (allowed: {"), thrown.get().getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.pinCurrentThread(-1));
    }
}
