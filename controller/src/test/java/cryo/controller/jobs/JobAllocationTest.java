package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.v1.JobState;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Between job boundaries the job stage allocates nothing: with a job running (followed through the
 * sequencer and measured every tick) and another waiting (judged every tick, held: the sequencer
 * is busy), a million ticks through the stage cost no bytes. The stage is driven here on the test
 * thread while the ring is idle (lock-step), so only its own allocations are counted.
 */
class JobAllocationTest {
    private static final int TICKS = 1_000_000;
    private static final long TICK = 100_000_000L;

    @Test
    void aRunningJobAndAWaitingOneCostTheStageNoAllocationPerTick() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JobHarness h = JobHarness.bare(12, JobsConfig.DEFAULTS)) {
            h.run(1);
            h.submit(JobRunTest.ramsey("long", 1_000_000_000));
            h.run(1);
            h.submit(JobRunTest.ramsey("waiting", 10).setPriority(9));
            h.run(1);
            JobStage stage = h.jobs();
            ControlEvent e = new ControlEvent(h.config.sensors().size());
            e.type = EventType.TICK;
            e.temperatureKelvin[0] = 0.050;
            long t = h.board.clock().nowTicks();
            for (int i = 0; i < TICKS; i++) { // warm-up: JIT
                e.boardTicks = t += TICK;
                stage.onEvent(e);
            }
            long self = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(self);
            for (int i = 0; i < TICKS; i++) {
                e.boardTicks = t += TICK;
                stage.onEvent(e);
            }
            long allocated = mx.getThreadAllocatedBytes(self) - before;
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("long").state());
            assertEquals(Admission.Verdict.SEQUENCER_BUSY, h.jobs().verdict());
            assertEquals(0L, allocated, "bytes the job stage allocated over " + TICKS + " ticks");
        }
    }
}
