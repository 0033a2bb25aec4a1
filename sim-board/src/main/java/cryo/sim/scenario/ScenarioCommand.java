package cryo.sim.scenario;

/**
 * An operator command at a time: for one heater loop (named by its stage id), an acknowledgement,
 * or warm-up mode on or off. Fields not given are NaN / null / -1; the controller side turns each
 * given field into a command, in the order acknowledge, warm-up, range, mode, output, setpoint.
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
 */
public record ScenarioCommand(double atSeconds, String loopId, String mode, double setpointKelvin,
                              double outputWatts, int heaterRange, boolean acknowledge, Boolean warmup,
                              int line) {
}
