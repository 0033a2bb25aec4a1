package cryo.controller.interlock;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.InterlockConfig;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.hal.bus.BusException;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.Heater;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;

/**
 * The loop heaters' board over-temperature comparators ({@code HEATERn_COMP_*}), the hardware
 * layer below the software limit. Start-up writes every one off (Controller); {@link #arm}
 * programs a loop's the first time its stage reads inside its curve and below the limit, and
 * {@link #disarm} writes it off again for warm-up. Every write is read back and verified; three
 * failed attempts in a row trip CONFIG_FAULT. Ring thread only (InterlockStage); no allocation
 * unless a write fails.
 */
final class LoopComparators {
    private static final int MAX_FAILURES = 3;
    private final Interlock interlock;
    private final HeaterLoop[] loops;
    private final Heater[] heaters;
    // per sensor: the limit, and its threshold in the sensor's units and mode (NTC: below), from the curve
    private final double[] kelvin;
    private final double[] units;
    private final int[] mode;
    private final int[] channel;
    // per loop
    private final boolean[] armed;
    private final int[] failures;

    LoopComparators(ControllerConfig config, Interlock interlock, HeaterLoop[] loops, Heater[] heaters) {
        this.interlock = interlock;
        this.loops = loops;
        this.heaters = heaters;
        InterlockConfig il = config.interlocks();
        int sensors = config.sensors().size();
        kelvin = new double[sensors];
        units = new double[sensors];
        mode = new int[sensors];
        channel = new int[sensors];
        for (int s = 0; s < sensors; s++) {
            CalibrationCurve curve = config.sensors().get(s).curve();
            kelvin[s] = il.sensor(s).comparatorKelvin();
            units[s] = Double.isNaN(kelvin[s]) ? Double.NaN : curve.toUnits(kelvin[s]);
            mode[s] = curve.positiveCoefficient() ? CryoCmosRegisters.COMP_MODE_ABOVE : CryoCmosRegisters.COMP_MODE_BELOW;
            channel[s] = config.sensors().get(s).channel();
        }
        armed = new boolean[loops.length];
        failures = new int[loops.length];
    }

    /** The comparator limit of sensor {@code s}, kelvin; NaN for none. */
    double kelvin(int s) {
        return kelvin[s];
    }

    boolean armed(int l) {
        return armed[l];
    }

    /**
     * Programs loop {@code l}'s comparator the first time its stage reads inside its calibration
     * curve and below the limit: a warm RuOx reads below its curve, which a comparator in "below"
     * mode takes for too hot, so arming at start-up would cut the heaters a cooldown needs. Runs
     * before the heater stage, so the first tick that reads cold arms it before any output.
     */
    void arm(ControlEvent e, int l, boolean sensorFaulted) {
        int s = loops[l].sensorIndex();
        if (armed[l] || Double.isNaN(units[s]) || e.busFault()) {
            return;
        }
        double k = e.temperatureKelvin[s];
        if (!(k < kelvin[s]) || sensorFaulted) {
            return; // NaN (outside the curve) or too warm yet
        }
        if (write(e, l, units[s], mode[s])) {
            armed[l] = true;
        }
    }

    /** Writes loop {@code l}'s comparator off (warm-up), if it is programmed. */
    void disarm(ControlEvent e, int l) {
        if (!armed[l] || e.busFault()) {
            return;
        }
        if (write(e, l, 0.0, CryoCmosRegisters.COMP_MODE_OFF)) {
            armed[l] = false;
        }
    }

    /** A fresh count of failed writes, for a loop whose comparator changes direction (warm-up on or off). */
    void clearFailures(int l) {
        failures[l] = 0;
    }

    private boolean write(ControlEvent e, int l, double thresholdUnits, int compMode) {
        int s = loops[l].sensorIndex();
        try {
            heaters[l].setComparator(channel[s], thresholdUnits, compMode);
            failures[l] = 0;
            return true;
        } catch (BusException ex) {
            e.busFailed(ex);
            if (++failures[l] >= MAX_FAILURES) {
                interlock.trip(AlarmCause.CONFIG_FAULT, s, l, failures[l], kelvin[s], e.boardTicks);
            }
            return false;
        }
    }
}
