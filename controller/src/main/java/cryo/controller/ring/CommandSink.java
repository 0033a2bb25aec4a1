package cryo.controller.ring;

/** Where command results go after the ring applied them (the MQTT adapter's outbox). */
@FunctionalInterface
public interface CommandSink {
    /**
     * Called on the ring thread (the stepping thread when inline) after the chain; must not block (hand off and return).
     */
    void onResult(cryo.v1.Command command, boolean accepted, String reason, long boardTicks);
}
