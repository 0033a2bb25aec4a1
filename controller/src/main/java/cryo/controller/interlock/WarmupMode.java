package cryo.controller.interlock;

import cryo.controller.config.ControllerConfig;
import cryo.controller.heater.HeaterLoop;
import cryo.hal.device.StageId;
import cryo.v1.Command;
import cryo.v1.LoopMode;

/**
 * Warm-up mode: a deliberate warm-up of the fridge to room temperature, during which the cold
 * stages (every stage but the 50 K and 4 K plates) pass their operating limits on purpose. While
 * it is on, InterlockStage stands down the cold stages' over-temperature, rate-of-rise,
 * upward-jump, hold/heat-up and thermometer stuck-on checks and their loop heaters' board
 * comparators; this class
 * keeps the flag, says which sensors and loops are cold, and refuses heat on a cold loop, which
 * is what makes standing down safe (controller/SAFETY.md, "Warm-up").
 *
 * <p>Ring thread only. {@link InterlockStage} is the single writer of the flag ({@code SetWarmup});
 * HeaterLoopStage and TelemetryStage read it on the same thread. No allocation except in refusals.
 */
public final class WarmupMode {
    private final boolean[] coldSensor;
    private boolean on;

    public WarmupMode(ControllerConfig config) {
        coldSensor = new boolean[config.sensors().size()];
        for (int s = 0; s < coldSensor.length; s++) {
            StageId stage = StageId.fromId(config.sensors().get(s).stageId());
            coldSensor[s] = stage != StageId.PLATE_50K && stage != StageId.PLATE_4K;
        }
    }

    /** Whether warm-up mode is on. */
    public boolean on() {
        return on;
    }

    void set(boolean enabled) {
        on = enabled;
    }

    /** Whether sensor {@code s} sits on a cold stage (not the 50 K or 4 K plate). */
    public boolean coldSensor(int s) {
        return coldSensor[s];
    }

    /** Whether a loop regulates a cold stage (judged by its sensor's stage). */
    public boolean coldLoop(HeaterLoop loop) {
        return coldSensor[loop.sensorIndex()];
    }

    /** Whether sensor {@code s}'s warm-up-sensitive checks stand down now. */
    boolean standsDown(int s) {
        return on && coldSensor[s];
    }

    /** Why warm-up cannot be switched on (every cold-stage loop that heats, named), or null. */
    String enableRefusal(HeaterLoop[] loops) {
        StringBuilder heating = null;
        for (HeaterLoop l : loops) {
            if (coldLoop(l) && l.heating()) {
                heating = heating == null ? new StringBuilder() : heating.append(", ");
                heating.append(l.loopId()).append(" (").append(l.mode());
                if (l.mode() == LoopMode.LOOP_MODE_OPEN_LOOP) {
                    heating.append(" at ").append(l.manualOutputWatts()).append(" W");
                }
                heating.append(')');
            }
        }
        return heating == null ? null : "set_warmup refused: cold-stage loop(s) heating: " + heating
                + "; switch them off first (warm-up stands down their limits and comparators)";
    }

    /**
     * Why a loop command is refused during warm-up, or null: a cold-stage loop may not be put into
     * a heating mode (pid, zone, autotune, a manual output above zero) while its limits stand down.
     */
    public String refusal(HeaterLoop loop, Command c) {
        if (!on || !coldLoop(loop)) {
            return null;
        }
        String what;
        switch (c.getActionCase()) {
            case SET_MODE: {
                LoopMode m = c.getSetMode().getMode();
                if (m != LoopMode.LOOP_MODE_PID && m != LoopMode.LOOP_MODE_ZONE) {
                    return null;
                }
                what = "set_mode.mode " + m;
                break;
            }
            case SET_MANUAL_OUTPUT:
                if (!(c.getSetManualOutput().getOutputWatts() > 0)) {
                    return null;
                }
                what = "set_manual_output.output_watts " + c.getSetManualOutput().getOutputWatts();
                break;
            case START_AUTOTUNE:
                what = "start_autotune";
                break;
            default:
                return null;
        }
        return what + " refused: warm-up mode is on and loop " + loop.loopId()
                + " is on a cold stage whose limits and comparator stand down; switch warm-up off first";
    }
}
