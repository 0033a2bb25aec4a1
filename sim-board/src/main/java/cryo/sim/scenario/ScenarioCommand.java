package cryo.sim.scenario;

import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import cryo.v1.SetSetpoint;
import cryo.v1.SetWarmup;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator command at a time. Either one {@code cryo.v1.Command} action as written in the
 * file ({@link #command}, e.g. {@code set_ramp: {loop_id: mxc, ...}}), or the short form: for one
 * heater loop (named by its stage id), an acknowledgement, or warm-up mode on or off. Short-form
 * fields not given are NaN / null / -1; {@link #commands()} turns each given field into a
 * Command, in the order acknowledge, warm-up, range, mode, output, setpoint.
 *
 * @param atSeconds      scenario time
 * @param loopId         loop (stage id with a heater: 50k, 4k, still, mxc)
 * @param mode           off, pid, open-loop, or null
 * @param setpointKelvin new setpoint or NaN
 * @param outputWatts    open-loop output or NaN
 * @param heaterRange    heater range 0..8 or -1
 * @param acknowledge    acknowledge alarms (re-arm the interlock) at this time
 * @param warmup         switch warm-up mode on (true) or off (false); null when not given
 * @param line           line in the scenario file (for messages)
 * @param command        the Command action as written (no ids set), or null for the short form
 */
public record ScenarioCommand(double atSeconds, String loopId, String mode, double setpointKelvin,
                              double outputWatts, int heaterRange, boolean acknowledge, Boolean warmup,
                              int line, Command command) {

    /** The short form. */
    public ScenarioCommand(double atSeconds, String loopId, String mode, double setpointKelvin,
                           double outputWatts, int heaterRange, boolean acknowledge, Boolean warmup, int line) {
        this(atSeconds, loopId, mode, setpointKelvin, outputWatts, heaterRange, acknowledge, warmup, line, null);
    }

    /** A Command action as written. */
    public static ScenarioCommand of(double atSeconds, Command command, int line) {
        return new ScenarioCommand(atSeconds, null, null, Double.NaN, Double.NaN, -1, false, null, line, command);
    }

    /**
     * What this entry sends, in order, each with its correlation id ({@code scenario-line-N}, and
     * for the short form a suffix per part: {@code -ack}, {@code -warmup}, {@code -range},
     * {@code -mode}, {@code -output}, {@code -setpoint}); operator, target node and issue time are
     * the runner's to set.
     */
    public List<Command> commands() {
        String id = "scenario-line-" + line;
        List<Command> out = new ArrayList<>();
        if (command != null) {
            out.add(command.toBuilder().setCorrelationId(id).build());
            return out;
        }
        if (acknowledge) {
            out.add(Command.newBuilder().setCorrelationId(id + "-ack").setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(0)).build());
        }
        if (warmup != null) {
            out.add(Command.newBuilder().setCorrelationId(id + "-warmup").setSetWarmup(SetWarmup.newBuilder().setEnabled(warmup)).build());
        }
        if (loopId == null) {
            return out;
        }
        if (heaterRange >= 0) {
            out.add(Command.newBuilder().setCorrelationId(id + "-range")
                    .setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId(loopId).setHeaterRange(heaterRange)).build());
        }
        if (mode != null) {
            LoopMode m = mode.equals("pid") ? LoopMode.LOOP_MODE_PID
                    : mode.equals("open-loop") ? LoopMode.LOOP_MODE_OPEN_LOOP : LoopMode.LOOP_MODE_OFF;
            out.add(Command.newBuilder().setCorrelationId(id + "-mode").setSetMode(SetMode.newBuilder().setLoopId(loopId).setMode(m)).build());
        }
        if (!Double.isNaN(outputWatts)) {
            out.add(Command.newBuilder().setCorrelationId(id + "-output")
                    .setSetManualOutput(SetManualOutput.newBuilder().setLoopId(loopId).setOutputWatts(outputWatts)).build());
        }
        if (!Double.isNaN(setpointKelvin)) {
            out.add(Command.newBuilder().setCorrelationId(id + "-setpoint")
                    .setSetSetpoint(SetSetpoint.newBuilder().setLoopId(loopId).setSetpointKelvin(setpointKelvin)).build());
        }
        return out;
    }
}
