package cryo.bench;

import com.lmax.disruptor.WaitStrategy;
import cryo.controller.app.Controller;
import org.HdrHistogram.Histogram;

/** The product: one Disruptor ring, one ring thread running the chain. */
final class RingPipeline implements Pipeline {
    private final Controller controller;
    private final LatencyProbe probe = new LatencyProbe();
    private final String name;

    RingPipeline(WaitStrategy waitStrategy, String name) throws Exception {
        this.controller = Chains.controller(probe, waitStrategy).start();
        this.name = name;
    }

    @Override
    public void submit(long boardTicks, long intendedNanos) {
        controller.ring().publishTick(boardTicks, intendedNanos);
    }

    @Override
    public void awaitIdle() {
        controller.ring().awaitProcessed(controller.ring().cursor());
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
        return new Thread[] {controller.ring().thread()};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        controller.close();
    }
}
