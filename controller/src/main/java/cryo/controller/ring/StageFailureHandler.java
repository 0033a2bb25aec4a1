package cryo.controller.ring;

/**
 * What the ring does when a stage throws: the failure goes here (the interlock's one trip path)
 * and the remaining stages of the pass still run, so telemetry reports the trip and the ring
 * thread lives on.
 *
 * <p>Thread contract: called on the ring thread (the stepping thread when inline), in the pass of the event the stage failed on;
 * must not throw (if it does, the ring thread stops, the watchdog kicks stop and the board's
 * watchdog cuts the heaters).
 */
@FunctionalInterface
public interface StageFailureHandler {
    /**
     * @param stage the failed stage's name (its class's simple name)
     * @param error what it threw
     */
    void onStageFailure(ControlEvent event, String stage, Throwable error);
}
