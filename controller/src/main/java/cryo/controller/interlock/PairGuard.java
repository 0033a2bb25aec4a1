package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.config.SensorPair;
import cryo.controller.ring.ControlEvent;
import cryo.v1.AlarmCause;

/** Two thermometers on one stage that must agree (SENSOR_DISAGREEMENT, raised on sensor A). Ring thread only. */
final class PairGuard implements Guard {
    private final SensorPair pair;
    private final Interlock interlock;
    private final SensorDisagreementDetector disagree;

    PairGuard(SensorPair pair, Interlock interlock) {
        this.pair = pair;
        this.interlock = interlock;
        disagree = new SensorDisagreementDetector(pair.maxDifferenceKelvin(), pair.fraction(), pair.debounceSamples());
    }

    void check(ControlEvent e, long t) {
        if (disagree.update(e.temperatureKelvin[pair.sensorA()], e.temperatureKelvin[pair.sensorB()])) {
            interlock.trip(AlarmCause.SENSOR_DISAGREEMENT, pair.sensorA(), -1, disagree.lastDifferenceKelvin(),
                    disagree.lastLimitKelvin(), t);
        }
    }

    int sensorA() {
        return pair.sensorA();
    }

    @Override
    public boolean causePresent(AlarmRecord r) {
        return r.cause() == AlarmCause.SENSOR_DISAGREEMENT && disagree.causePresent();
    }

    @Override
    public void reset() {
        // agreement is judged afresh on every sample; nothing to forget
    }
}
