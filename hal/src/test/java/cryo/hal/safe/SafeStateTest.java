package cryo.hal.safe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.PulseEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one safe-state sequence: relay first, every step attempted, each failure named. */
class SafeStateTest {
    private final List<String> done = new ArrayList<>();
    private Set<String> failing = Set.of();

    private void step(String name) throws BusException {
        if (failing.contains(name)) {
            throw new BusException(name + " timed out");
        }
        done.add(name);
    }

    private Heater heater(int ch) {
        return new Heater() {
            @Override public String id() { return "h" + ch; }
            @Override public int channel() { return ch; }
            @Override public void setOutputWatts(double w) throws BusException { step("out" + ch + "=" + w); }
            @Override public void setRange(int r) throws BusException { step("range" + ch + "=" + r); }
            @Override public double readbackWatts() { return 0; }
            @Override public int status() { return 0; }
            @Override public void setComparator(int t, double u, int m) { }
        };
    }

    private SafeState safeState() {
        InterlockRelay relay = new InterlockRelay() {
            @Override public void setClosed(boolean closed) throws BusException { step("relay=" + closed); }
            @Override public boolean isClosed() { return false; }
        };
        PulseEngine pulses = () -> step("halt");
        return new SafeState(new Heater[] {heater(0), heater(1)}, relay, pulses);
    }

    @Test
    void relayOpensFirstThenEveryHeaterThenThePulses() {
        SafeState s = safeState();
        assertTrue(s.apply());
        assertEquals(List.of("relay=false", "out0=0.0", "range0=0", "out1=0.0", "range1=0", "halt"), done);
        assertEquals("", s.failures());
    }

    @Test
    void aFailedOutputWriteStillSetsTheRangeOffAndEveryFailureIsNamed() {
        SafeState s = safeState();
        failing = Set.of("relay=false", "out0=0.0", "halt");
        assertFalse(s.apply());
        assertEquals(List.of("range0=0", "out1=0.0", "range1=0"), done, "every other step still reached the board");
        assertEquals(3, s.failedSteps());
        assertEquals("relay open: relay=false timed out; heater 0 output 0 W: out0=0.0 timed out; pulse engine halt: halt timed out",
                s.failures());
        failing = Set.of();
        assertTrue(s.apply(), "a later attempt that reaches the board clears the failures");
        assertEquals("", s.failures());
    }
}
