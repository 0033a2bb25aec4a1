package cryo.controller.interlock;

/**
 * Hold-band runaway (Marlin's THERMAL_PROTECTION_HYSTERESIS, Klipper's verify_heater max_error):
 * once the stage has reached its setpoint, it must stay within the band; outside the band for
 * longer than the period, or an integrated excursion beyond the band past a bound, trips
 * HOLD_BAND_RUNAWAY. Restarted on every setpoint change, so a raised or lowered setpoint never
 * false-trips while the stage travels. Pure.
 */
public final class HoldBandDetector {
    private final double bandKelvin;
    private final long periodTicks;
    private final double maxIntegratedKelvinSeconds;
    private double setpoint = Double.NaN;
    private boolean holding;
    private long outsideSinceTicks = Long.MIN_VALUE;
    private long lastTicks = Long.MIN_VALUE;
    private double integratedKelvinSeconds;
    private double lastErrorKelvin;

    public HoldBandDetector(double bandKelvin, double periodSeconds, double maxIntegratedKelvinSeconds) {
        this.bandKelvin = Checks.positive("holdBandKelvin", bandKelvin);
        this.periodTicks = Checks.seconds("holdPeriodSeconds", periodSeconds);
        this.maxIntegratedKelvinSeconds = Checks.positive("holdMaxIntegratedKelvinSeconds", maxIntegratedKelvinSeconds);
    }

    /**
     * @param setpointKelvin NaN when the loop is not regulating
     * @return true when the stage left the band for too long or too far
     */
    public boolean update(double temperatureKelvin, double setpointKelvin, long boardTicks) {
        if (Double.isNaN(setpointKelvin) || setpointKelvin != setpoint) {
            setpoint = setpointKelvin;
            restart();
            if (Double.isNaN(setpointKelvin)) {
                return false;
            }
        }
        if (Double.isNaN(temperatureKelvin)) {
            return false;
        }
        double error = temperatureKelvin - setpointKelvin;
        lastErrorKelvin = error;
        double excess = Math.abs(error) - bandKelvin;
        if (!holding) {
            if (excess <= 0) {
                holding = true; // reached the setpoint: from now on it must stay
                lastTicks = boardTicks;
            }
            return false;
        }
        double dtSeconds = (boardTicks - lastTicks) * 1e-9;
        lastTicks = boardTicks;
        if (excess > 0) {
            integratedKelvinSeconds += excess * dtSeconds;
            if (outsideSinceTicks == Long.MIN_VALUE) {
                outsideSinceTicks = boardTicks;
            }
        } else {
            outsideSinceTicks = Long.MIN_VALUE;
            integratedKelvinSeconds = Math.max(0, integratedKelvinSeconds - bandKelvin * dtSeconds);
        }
        boolean tooLong = outsideSinceTicks != Long.MIN_VALUE && boardTicks - outsideSinceTicks > periodTicks;
        return tooLong || integratedKelvinSeconds > maxIntegratedKelvinSeconds;
    }

    private void restart() {
        holding = false;
        outsideSinceTicks = Long.MIN_VALUE;
        integratedKelvinSeconds = 0;
    }

    /** Once tripped the loop is off; the excursion is judged again after re-arm. */
    public boolean causePresent() {
        return false;
    }

    public double lastErrorKelvin() {
        return lastErrorKelvin;
    }

    public double integratedKelvinSeconds() {
        return integratedKelvinSeconds;
    }

    public double bandKelvin() {
        return bandKelvin;
    }

    public void reset() {
        setpoint = Double.NaN;
        restart();
    }
}
