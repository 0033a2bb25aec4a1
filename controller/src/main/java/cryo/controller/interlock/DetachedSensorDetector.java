package cryo.controller.interlock;

/**
 * Detached sensor (the case printer firmware misses): a thermometer that lost thermal contact
 * reads colder than its stage, so the loop pours in power the stage does not need. Trips when the
 * output stays above {@code factor} times the expected hold power for longer than the period.
 * Expected hold power follows the dilution unit's cooling, P = a·T² at the setpoint
 * ({@code holdWattsPerKelvinSquared} = a, from the cryostat's ṅ), plus a floor for the
 * parasitic load. Pure.
 */
public final class DetachedSensorDetector {
    private final double holdWattsPerKelvinSquared;
    private final double floorWatts;
    private final double factor;
    private final long periodTicks;
    private long aboveSinceTicks = Long.MIN_VALUE;
    private double lastLimitWatts;
    private double lastOutputWatts;

    public DetachedSensorDetector(double holdWattsPerKelvinSquared, double floorWatts, double factor, double periodSeconds) {
        this.holdWattsPerKelvinSquared = Checks.positive("detachedHoldWattsPerKelvinSquared", holdWattsPerKelvinSquared);
        this.floorWatts = Checks.nonNegative("detachedFloorWatts", floorWatts);
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("detachedFactor must be > 1 and finite, was " + factor);
        }
        this.factor = factor;
        this.periodTicks = Checks.seconds("detachedPeriodSeconds", periodSeconds);
    }

    /** Power the stage needs to hold a setpoint, watts. */
    public double expectedHoldWatts(double setpointKelvin) {
        return holdWattsPerKelvinSquared * setpointKelvin * setpointKelvin + floorWatts;
    }

    /**
     * @param setpointKelvin NaN when the loop is not regulating
     * @return true when the loop output stayed far above the expected hold power for the period
     */
    public boolean update(double outputWatts, double setpointKelvin, long boardTicks) {
        lastOutputWatts = outputWatts;
        if (Double.isNaN(setpointKelvin)) {
            aboveSinceTicks = Long.MIN_VALUE;
            return false;
        }
        lastLimitWatts = factor * expectedHoldWatts(setpointKelvin);
        if (!(outputWatts > lastLimitWatts)) {
            aboveSinceTicks = Long.MIN_VALUE;
            return false;
        }
        if (aboveSinceTicks == Long.MIN_VALUE) {
            aboveSinceTicks = boardTicks;
        }
        return boardTicks - aboveSinceTicks > periodTicks;
    }

    /** After the trip the output is zero; contact can only be judged again with heat on. */
    public boolean causePresent() {
        return false;
    }

    public double lastLimitWatts() {
        return lastLimitWatts;
    }

    public double lastOutputWatts() {
        return lastOutputWatts;
    }

    public void reset() {
        aboveSinceTicks = Long.MIN_VALUE;
    }
}
