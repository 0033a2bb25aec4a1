package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.ring.ControlEvent;
import cryo.controller.sequencer.JitQuiet;
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

    /**
     * The whole ring thread while a job from the queue plays its sequence from board memory and
     * another waits: 3,000 lock-step ticks, 0 bytes, in a window the JIT did not touch.
     */
    @Test
    void theRingThreadAllocatesNothingWhileAJobPlaysFromBoardMemory() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JobHarness h = JobHarness.bare(12, JobsConfig.DEFAULTS)) {
            h.run(1);
            // a 1 ms pass of five pulses (the board simulated in lock-step plays every entry: keep it light)
            cryo.v1.PulseSequence train = cryo.controller.sequencer.Sequences.channels("train")
                    .addBlocks(cryo.v1.RepeatBlock.newBuilder().setName("train").setCount(5).setPeriodTicks(200_000)
                            .addPulses(cryo.controller.sequencer.Sequences.pulse("p", "q0", 0, 40, cryo.v1.Envelope.ENVELOPE_GAUSSIAN)))
                    .setLengthTicks(1_000_000).build();
            h.submit(JobRunTest.ramsey("long", 1_000_000_000).setSequence(train));
            h.run(1);
            h.submit(JobRunTest.ramsey("waiting", 10).setPriority(9));
            h.run(10);
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("long").state());
            assertTrue(h.controller.sequencer().plan().program() != null, "the job's sequence plays from board memory");
            JitQuiet.warmUp(() -> h.run(30), 30);
            long ring = h.controller.ring().thread().getId();
            long played = h.controller.sequencer().entriesPlayed();
            JitQuiet.Window w = JitQuiet.measure(() -> h.run(300), () -> mx.getThreadAllocatedBytes(ring), 30);
            System.out.println("job + board-program allocation: " + w);
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("long").state());
            assertEquals(Admission.Verdict.SEQUENCER_BUSY, h.jobs().verdict());
            assertTrue(h.controller.sequencer().entriesPlayed() > played, "the board played the job's sequence: sequencer "
                    + h.controller.sequencer().state() + " " + h.controller.sequencer().lastError() + ", played " + played);
            assertEquals(0L, w.bytes(), "ring thread while a job's board program played " + (int) (300 / h.config.tickIntervalSeconds())
                    + " ticks: " + w);
        }
    }
}
