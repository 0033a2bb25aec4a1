package cryo.hal.rt;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Pins the calling thread to one CPU core ({@code sched_setaffinity(0, …)} on Linux, through JNA
 * direct mapping): the ring thread calls it once at start to run alone on a core isolated with
 * {@code isolcpus} (hal/README.md, bring-up), while the JVM's other threads stay on the others.
 *
 * <p>Thread contract: acts on the calling thread only; call once, before the thread's real work
 * (it allocates). Linux, 64-bit.
 */
public final class CpuAffinity {
    /** {@code cpu_set_t}: 1024 bits. */
    private static final int SET_BYTES = 128;
    private static volatile boolean registered;

    private CpuAffinity() {
    }

    private static synchronized void bind() {
        if (registered) {
            return;
        }
        if (!Platform.isLinux() || Native.LONG_SIZE != 8) {
            throw new IllegalStateException("CPU pinning needs 64-bit Linux");
        }
        Native.register(CpuAffinity.class, Platform.C_LIBRARY_NAME);
        registered = true;
    }

    private static native int sched_setaffinity(int pid, long cpusetsize, long mask) throws LastErrorException;

    private static native int sched_getaffinity(int pid, long cpusetsize, long mask) throws LastErrorException;

    /**
     * Pins the calling thread to {@code cpu}.
     *
     * @throws IllegalArgumentException {@code cpu} outside 0..1023, or not one this process may use (one line)
     */
    public static void pinCurrentThread(int cpu) {
        if (cpu < 0 || cpu >= SET_BYTES * 8) {
            throw new IllegalArgumentException("CPU " + cpu + " outside 0.." + (SET_BYTES * 8 - 1));
        }
        bind();
        Memory set = new Memory(SET_BYTES);
        set.clear();
        set.setByte(cpu / 8, (byte) (1 << (cpu % 8)));
        try {
            sched_setaffinity(0, SET_BYTES, Pointer.nativeValue(set));
        } catch (LastErrorException e) {
            throw new IllegalArgumentException("cannot pin this thread to CPU " + cpu + " (allowed: "
                    + currentThreadCpus() + "): " + e.getMessage());
        }
    }

    /** The CPUs the calling thread may run on. */
    public static java.util.BitSet currentThreadCpus() {
        bind();
        Memory set = new Memory(SET_BYTES);
        set.clear();
        sched_getaffinity(0, SET_BYTES, Pointer.nativeValue(set));
        java.util.BitSet cpus = new java.util.BitSet();
        for (int cpu = 0; cpu < SET_BYTES * 8; cpu++) {
            if ((set.getByte(cpu / 8) & (1 << (cpu % 8))) != 0) {
                cpus.set(cpu);
            }
        }
        return cpus;
    }
}
