package cryo.bench;

import org.HdrHistogram.Histogram;

/** A control chain under measurement: the Disruptor ring or the queue baseline. */
interface Pipeline extends AutoCloseable {
    /** Publishes one tick; blocks while the pipeline is full. */
    void submit(long boardTicks, long intendedNanos);

    /** Waits until every submitted tick has left the chain. */
    void awaitIdle();

    void startRecording();

    Histogram stopRecording();

    /** The thread(s) running the stages, for allocation measurement (the ring has one). */
    Thread[] workers();

    String name();

    @Override
    void close();
}
