package cryo.bench;

import cryo.controller.app.Controller;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The baseline a user would otherwise write: the same stages, each on its own thread, connected
 * by ArrayBlockingQueue hand-offs, with a lock around the shared board bus (the stages share one
 * driver). Events come from a pool so the comparison is not about allocation.
 */
final class QueuePipeline implements Pipeline {
    private static final int CAPACITY = 1024;
    private final Controller controller;
    private final LatencyProbe probe = new LatencyProbe();
    private final ArrayBlockingQueue<ControlEvent> pool = new ArrayBlockingQueue<>(CAPACITY);
    private final ArrayBlockingQueue<ControlEvent>[] queues;
    private final Thread[] threads;
    private final Object busLock = new Object();
    private final AtomicLong done = new AtomicLong();
    private long submitted;
    private volatile boolean running = true;

    @SuppressWarnings("unchecked")
    QueuePipeline() throws Exception {
        controller = Chains.controller(probe, new com.lmax.disruptor.BlockingWaitStrategy()); // ring never started: only its stages are used
        List<RingStage> stages = controller.stages();
        for (int i = 0; i < CAPACITY; i++) {
            pool.add(new ControlEvent(Chains.sensors(controller)));
        }
        queues = new ArrayBlockingQueue[stages.size()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new ArrayBlockingQueue<>(CAPACITY);
        }
        threads = new Thread[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            int index = i;
            RingStage stage = stages.get(i);
            threads[i] = new Thread(() -> work(index, stage), "baseline-stage-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    private void work(int index, RingStage stage) {
        boolean last = index == threads.length - 1;
        try {
            while (running) {
                ControlEvent e = queues[index].take();
                synchronized (busLock) {
                    stage.onEvent(e);
                }
                if (last) {
                    e.clear();
                    done.incrementAndGet();
                    pool.put(e);
                } else {
                    queues[index + 1].put(e);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void submit(long boardTicks, long intendedNanos) {
        try {
            ControlEvent e = pool.take();
            e.type = EventType.TICK;
            e.boardTicks = boardTicks;
            e.publishNanos = intendedNanos;
            queues[0].put(e);
            submitted++;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void awaitIdle() {
        while (done.get() < submitted) {
            LockSupport.parkNanos(10_000L);
        }
    }

    @Override
    public void startRecording() {
        probe.startRecording();
    }

    @Override
    public Histogram stopRecording() {
        return probe.stopRecording();
    }

    @Override
    public Thread[] workers() {
        return threads.clone();
    }

    @Override
    public String name() {
        return "ArrayBlockingQueue baseline";
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        controller.close();
    }
}
