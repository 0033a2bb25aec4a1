package cryo.controller.interlock;

/**
 * Heat-up check (Marlin's WATCH_TEMP): after a setpoint rise the stage must gain
 * {@code gainKelvin} within {@code periodSeconds}; each gain re-arms the watch from the new
 * temperature, until the stage is within {@code hysteresisKelvin} of the setpoint. A heater that
 * cannot heat (open, detached, range too small) trips HEATUP_FAILED. Pure.
 */
public final class HeatUpDetector {
    private final double gainKelvin;
    private final long periodTicks;
    private final double hysteresisKelvin;
    private double lastSetpoint = Double.NaN;
    private boolean watching;
    private double targetKelvin;
    private long deadlineTicks;
    private double lastKelvin;

    public HeatUpDetector(double gainKelvin, double periodSeconds, double hysteresisKelvin) {
        this.gainKelvin = Checks.positive("heatUpGainKelvin", gainKelvin);
        this.periodTicks = Checks.seconds("heatUpPeriodSeconds", periodSeconds);
        this.hysteresisKelvin = Checks.nonNegative("heatUpHysteresisKelvin", hysteresisKelvin);
    }

    /**
     * @param setpointKelvin the loop's setpoint, NaN when the loop is not regulating
     * @return true when the stage failed to gain the stated amount in time
     */
    public boolean update(double temperatureKelvin, double setpointKelvin, long boardTicks) {
        if (Double.isNaN(setpointKelvin)) {
            watching = false;
            lastSetpoint = Double.NaN;
            return false;
        }
        if (Double.isNaN(temperatureKelvin)) {
            return false; // stale and broken sensors have their own detectors
        }
        lastKelvin = temperatureKelvin;
        boolean rose = !Double.isNaN(lastSetpoint) && setpointKelvin > lastSetpoint;
        boolean first = Double.isNaN(lastSetpoint);
        if (setpointKelvin != lastSetpoint) {
            watching = false;
        }
        lastSetpoint = setpointKelvin;
        if ((rose || first) && temperatureKelvin < setpointKelvin - hysteresisKelvin) {
            arm(temperatureKelvin, boardTicks);
        }
        if (!watching) {
            return false;
        }
        if (temperatureKelvin >= setpointKelvin - hysteresisKelvin) {
            watching = false; // arrived
            return false;
        }
        if (temperatureKelvin >= targetKelvin) {
            arm(temperatureKelvin, boardTicks); // gained: watch the next step
            return false;
        }
        return boardTicks - deadlineTicks > 0;
    }

    private void arm(double kelvin, long boardTicks) {
        watching = true;
        targetKelvin = kelvin + gainKelvin;
        deadlineTicks = boardTicks + periodTicks;
    }

    /** Once tripped the heaters are off, so the failure cannot be re-observed: the cause is gone. */
    public boolean causePresent() {
        return false;
    }

    public double targetKelvin() {
        return targetKelvin;
    }

    public double lastKelvin() {
        return lastKelvin;
    }

    public void reset() {
        watching = false;
        lastSetpoint = Double.NaN;
    }
}
