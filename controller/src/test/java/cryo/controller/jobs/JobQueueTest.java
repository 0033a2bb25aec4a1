package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Job;
import cryo.v1.JobState;
import cryo.v1.PulseSequence;
import org.junit.jupiter.api.Test;

/** The queue's order: FIFO, priority, aging; its bound; finished jobs kept. Pure. */
class JobQueueTest {
    private static final long S = 1_000_000_000L;
    private static final double AGING = 300;

    static JobRecord job(String id, int priority) {
        Job j = Job.newBuilder().setId(id).setPriority(priority).setLoops(1).setSequence(PulseSequence.newBuilder().setName("s")).build();
        return new JobRecord(j, id, null, new double[] {0}, 0.1, 3e-3);
    }

    @Test
    void fifoTakesSubmissionOrderThermalTakesPriorityThenOrder() {
        JobQueue q = new JobQueue(8);
        JobRecord a = job("a", 1);
        JobRecord b = job("b", 5);
        JobRecord c = job("c", 5);
        assertNull(q.offer(a, 0));
        assertNull(q.offer(b, 0));
        assertNull(q.offer(c, 0));
        assertSame(a, q.next(SchedulerPolicy.FIFO, 0, AGING));
        assertSame(b, q.next(SchedulerPolicy.THERMAL, 0, AGING), "highest priority; the earlier of two equal ones");
    }

    @Test
    void agingLetsALowPriorityJobOvertakeFreshHighPriorityOnes() {
        JobQueue q = new JobQueue(8);
        JobRecord low = job("low", 0);
        assertNull(q.offer(low, 0));
        long now = 0;
        // every 300 s a fresh priority-9 job arrives and the best waiting one starts
        for (int i = 0; i < 12; i++) {
            now += (long) AGING * S;
            JobRecord high = job("high" + i, JobValidation.MAX_PRIORITY);
            assertNull(q.offer(high, now));
            JobRecord next = q.next(SchedulerPolicy.THERMAL, now, AGING);
            if (next == low) {
                // after 9 steps of 300 s it ranks 0 + 9 = 9, level with a fresh 9, and the older goes first
                assertEquals(8, i, "overtook after " + (i + 1) + " steps");
                return;
            }
            q.start(next, now);
            q.finish(next, JobState.JOB_DONE, "", now);
        }
        throw new AssertionError("the low-priority job starved");
    }

    @Test
    void effectivePriorityIsPriorityPlusStepsWaited() {
        assertEquals(3.5, JobQueue.effectivePriority(3, 0, 150 * S, AGING), 1e-12);
        assertEquals(3.0, JobQueue.effectivePriority(3, 10 * S, 5 * S, AGING), 1e-12, "a clock behind the submission counts as no wait");
    }

    @Test
    void aFullQueueAndAReusedIdAreRefusedAndTheQueueIsUnchanged() {
        JobQueue q = new JobQueue(2);
        assertNull(q.offer(job("a", 1), 0));
        assertNull(q.offer(job("b", 1), 0));
        String full = q.offer(job("c", 1), 0);
        assertTrue(full.contains("jobs.capacity 2"), full);
        assertEquals(2, q.size());
        assertNull(q.find("c"));
        JobQueue r = new JobQueue(4);
        assertNull(r.offer(job("a", 1), 0));
        String dup = r.offer(job("a", 2), 0);
        assertTrue(dup.contains("job.id \"a\" is already in use"), dup);
        assertEquals(1, r.size());
        assertEquals(1, r.find("a").priority());
    }

    @Test
    void finishedJobsAreKeptNewestFirstUpToTheirLimit() {
        JobQueue q = new JobQueue(64);
        for (int i = 0; i < JobQueue.RECENT + 3; i++) {
            JobRecord r = job("j" + i, 1);
            assertNull(q.offer(r, 0));
            q.start(r, 0);
            q.finish(r, JobState.JOB_DONE, "", 0);
        }
        assertEquals(JobQueue.RECENT, q.finishedCount());
        assertEquals("j" + (JobQueue.RECENT + 2), q.finished(0).id());
        assertNull(q.running());
        assertEquals(0, q.size());
    }
}
