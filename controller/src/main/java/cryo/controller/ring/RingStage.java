package cryo.controller.ring;

/**
 * One stage of the control chain. Stages run in a fixed order on the one ring thread (in a lock-step
 * run started with {@link ControlRing#startInline}, on the stepping thread instead), each the
 * single writer of its own state.
 *
 * <p>Thread contract: called on the ring thread only; never blocks on anything but the board
 * bus; allocates nothing in steady state.
 */
public interface RingStage {
    void onEvent(ControlEvent event);
}
