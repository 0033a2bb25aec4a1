package cryo.controller.board;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.BoardClock;
import cryo.hal.device.Thermometer;
import cryo.hal.device.ThermometerReading;

/**
 * First stage: on a tick, reads every configured thermometer from the board into the event and
 * converts to kelvin. A failed transfer marks the event (bus fault) and its temperatures NaN;
 * the interlock decides what that means. Ring thread only; no allocation on success.
 *
 * <p>A tick that reaches the ring late (the ring thread was descheduled and ticks queued) is
 * re-stamped with the board time of the read: detectors then judge a sample's age and rate
 * against when it was actually measured, not against when the timer published the tick, so a
 * burst of queued ticks after a host stall does not look like stale data.
 */
public final class BoardInputStage implements RingStage {
    private final Thermometer[] thermometers;
    private final CalibrationCurve[] curves;
    private final ThermometerReading reading = new ThermometerReading();
    private final BoardClock clock;

    public BoardInputStage(Thermometer[] thermometers, CalibrationCurve[] curves, BoardClock clock) {
        if (thermometers.length != curves.length) {
            throw new IllegalArgumentException("one curve per thermometer");
        }
        this.thermometers = thermometers.clone();
        this.curves = curves.clone();
        this.clock = clock;
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type != EventType.TICK) {
            return;
        }
        e.boardTicks = Math.max(e.boardTicks, clock.nowTicks());
        for (int i = 0; i < thermometers.length; i++) {
            try {
                thermometers[i].read(reading);
                e.rawUnits[i] = reading.rawUnits;
                e.sensorStatus[i] = reading.status;
                e.sampleCount[i] = reading.sampleCount;
                e.temperatureKelvin[i] = reading.valid() ? curves[i].toKelvin(reading.rawUnits) : Double.NaN;
            } catch (BusException ex) {
                e.busFailed(ex);
                e.rawUnits[i] = Double.NaN;
                e.sensorStatus[i] = 0;
                e.sampleCount[i] = -1; // no sample: the slot's array still holds an older event's count
                e.temperatureKelvin[i] = Double.NaN;
            }
        }
    }
}
