package cryo.controller.config;

/**
 * Interlock limits for one heater loop.
 *
 * @param loopId                           the loop (LoopConfig.loopId)
 * @param heatUpGainKelvin                 after a setpoint rise, gain at least this ...
 * @param heatUpPeriodSeconds              ... within this, re-armed on each gain (Marlin's watch)
 * @param heatUpHysteresisKelvin           the watch ends this close to the setpoint
 * @param holdBandKelvin                   once at setpoint, stay within ± this
 * @param holdPeriodSeconds                longest time outside the band
 * @param holdMaxIntegratedKelvinSeconds   largest integrated excursion beyond the band (Klipper's max_error)
 * @param stuckOnRiseKelvin                warming by this with the output at zero ...
 * @param stuckOnWindowSeconds             ... within this is a heater stuck on
 * @param stuckOnSettleSeconds             after another heater's command moved, judging waits this long
 *                                         (stages are coupled: a cut still heater warms the mixing chamber)
 * @param stuckOnOtherToleranceWatts       the other heaters' total command may wander by this ...
 * @param stuckOnOtherToleranceFraction    ... plus this fraction of it and still count as steady
 * @param readbackToleranceWatts           readback above command by more than this (plus the fraction) ...
 * @param readbackToleranceFraction        ... relative slack
 * @param readbackDebounceSamples          ... for this many samples trips
 * @param detachedHoldWattsPerKelvinSquared expected hold power a·T² at the setpoint (dilution cooling, a = 84·ṅ)
 * @param detachedFloorWatts               plus this floor (parasitic load)
 * @param detachedFactor                   output above factor × expected ...
 * @param detachedPeriodSeconds            ... for this long means the sensor lost contact
 */
public record LoopInterlock(String loopId, double heatUpGainKelvin, double heatUpPeriodSeconds, double heatUpHysteresisKelvin,
                            double holdBandKelvin, double holdPeriodSeconds, double holdMaxIntegratedKelvinSeconds,
                            double stuckOnRiseKelvin, double stuckOnWindowSeconds, double stuckOnSettleSeconds,
                            double stuckOnOtherToleranceWatts, double stuckOnOtherToleranceFraction, double readbackToleranceWatts,
                            double readbackToleranceFraction, int readbackDebounceSamples,
                            double detachedHoldWattsPerKelvinSquared, double detachedFloorWatts, double detachedFactor,
                            double detachedPeriodSeconds) {
    public LoopInterlock {
        String f = "interlocks.loops." + loopId + ".";
        SensorInterlock.positive(f + "heatUpGainKelvin", heatUpGainKelvin);
        SensorInterlock.positive(f + "heatUpPeriodSeconds", heatUpPeriodSeconds);
        if (!(heatUpHysteresisKelvin >= 0)) {
            throw new IllegalArgumentException(f + "heatUpHysteresisKelvin must be >= 0, was " + heatUpHysteresisKelvin);
        }
        SensorInterlock.positive(f + "holdBandKelvin", holdBandKelvin);
        SensorInterlock.positive(f + "holdPeriodSeconds", holdPeriodSeconds);
        SensorInterlock.positive(f + "holdMaxIntegratedKelvinSeconds", holdMaxIntegratedKelvinSeconds);
        SensorInterlock.positive(f + "stuckOnRiseKelvin", stuckOnRiseKelvin);
        SensorInterlock.positive(f + "stuckOnWindowSeconds", stuckOnWindowSeconds);
        if (!(stuckOnSettleSeconds >= 0) || !Double.isFinite(stuckOnSettleSeconds)) {
            throw new IllegalArgumentException(f + "stuckOnSettleSeconds must be >= 0 and finite, was " + stuckOnSettleSeconds);
        }
        SensorInterlock.positive(f + "stuckOnOtherToleranceWatts", stuckOnOtherToleranceWatts);
        if (!(stuckOnOtherToleranceFraction >= 0) || !Double.isFinite(stuckOnOtherToleranceFraction)) {
            throw new IllegalArgumentException(f + "stuckOnOtherToleranceFraction must be >= 0 and finite, was " + stuckOnOtherToleranceFraction);
        }
        SensorInterlock.positive(f + "readbackToleranceWatts", readbackToleranceWatts);
        if (!(readbackToleranceFraction >= 0)) {
            throw new IllegalArgumentException(f + "readbackToleranceFraction must be >= 0, was " + readbackToleranceFraction);
        }
        if (readbackDebounceSamples < 1) {
            throw new IllegalArgumentException(f + "readbackDebounceSamples must be >= 1, was " + readbackDebounceSamples);
        }
        SensorInterlock.positive(f + "detachedHoldWattsPerKelvinSquared", detachedHoldWattsPerKelvinSquared);
        if (!(detachedFloorWatts >= 0)) {
            throw new IllegalArgumentException(f + "detachedFloorWatts must be >= 0, was " + detachedFloorWatts);
        }
        if (!(detachedFactor > 1)) {
            throw new IllegalArgumentException(f + "detachedFactor must be > 1, was " + detachedFactor);
        }
        SensorInterlock.positive(f + "detachedPeriodSeconds", detachedPeriodSeconds);
    }
}
