package cryo.controller.interlock;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.Watchdog;
import cryo.v1.AlarmCause;
import cryo.v1.Command;

/**
 * Second stage, before any heater decision: runs every detector on every sample and trips the
 * one interlock. Kicks the board's hardware watchdog only while the interlock is armed and the
 * ring is alive, so a stalled ring or a latched trip lets the board cut the heaters by itself.
 * Handles alarm acknowledgements. Ring thread only.
 */
public final class InterlockStage implements RingStage {
    private final Interlock interlock;
    private final OverTemperatureDetector[] detectors;
    private final int[] detectorSensor;
    private final int staleTicks;
    private final InterlockRelay relay;
    private final Watchdog watchdog;
    private int failedTicks;
    private boolean relayClosed;

    public InterlockStage(Interlock interlock, OverTemperatureDetector[] detectors, int[] detectorSensor,
                          int staleTicks, InterlockRelay relay, Watchdog watchdog) {
        this.interlock = interlock;
        this.detectors = detectors.clone();
        this.detectorSensor = detectorSensor.clone();
        this.staleTicks = staleTicks;
        this.relay = relay;
        this.watchdog = watchdog;
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK) {
            onTick(e);
        } else if (e.type == EventType.COMMAND && e.command.getActionCase() == Command.ActionCase.ACKNOWLEDGE_ALARM) {
            String refusal = interlock.acknowledge(anyCausePresent());
            if (refusal == null) {
                e.outcome.accept("interlock re-armed");
            } else {
                e.outcome.refuse(refusal);
            }
        }
    }

    private void onTick(ControlEvent e) {
        failedTicks = e.busFault ? failedTicks + 1 : 0;
        if (failedTicks >= staleTicks) {
            interlock.trip(AlarmCause.BOARD_NOT_ANSWERING, -1, failedTicks, staleTicks, e.boardTicks);
        }
        for (int d = 0; d < detectors.length; d++) {
            double t = e.temperatureKelvin[detectorSensor[d]];
            if (detectors[d].update(t)) {
                interlock.trip(AlarmCause.OVER_TEMPERATURE, detectorSensor[d], t, detectors[d].limitKelvin(), e.boardTicks);
            }
        }
        interlock.causeUpdate(anyCausePresent());
        try {
            if (interlock.tripped()) {
                if (relayClosed) {
                    relay.setClosed(false);
                    relayClosed = false;
                }
                return; // no kick: the board's watchdog is the next layer
            }
            if (!relayClosed) {
                // arming (start-up or re-arm after an acknowledged trip): clear the board's
                // watchdog latch, which fired while we deliberately stopped kicking
                watchdog.clearTrip();
                relay.setClosed(true);
                relayClosed = true;
            }
            watchdog.kick();
        } catch (BusException ex) {
            e.busFault = true;
            e.busFaultMessage = ex.getMessage();
        }
    }

    private boolean anyCausePresent() {
        if (failedTicks > 0 && interlock.cause() == AlarmCause.BOARD_NOT_ANSWERING) {
            return true;
        }
        for (OverTemperatureDetector d : detectors) {
            if (d.causePresent()) {
                return true;
            }
        }
        return false;
    }

    public Interlock interlock() {
        return interlock;
    }

    public boolean relayClosed() {
        return relayClosed;
    }
}
