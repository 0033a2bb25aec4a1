package cryo.controller.sequencer;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.RingStage;

/**
 * Fourth stage: the pulse sequencer. In the walking skeleton this is an empty pass-through that
 * keeps the stage order fixed (interlock → heater loops → pulse sequencer → telemetry); sequence
 * compilation, lookahead streaming, underflow and the thermal budget arrive with the pulse
 * sequencer issue. Ring thread only.
 */
public final class PulseSequencerStage implements RingStage {
    @Override
    public void onEvent(ControlEvent event) {
        // pass-through until the pulse sequencer lands
    }
}
