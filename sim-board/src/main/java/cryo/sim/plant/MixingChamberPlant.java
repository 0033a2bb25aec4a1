package cryo.sim.plant;

import cryo.hal.device.StageId;

/**
 * A single-stage plant: the mixing chamber alone, cooled by the dilution unit (84·ṅ·T², Pobell),
 * warmed by a parasitic load and its heater, with the copper heat capacity γT + βT³. The smallest
 * plant that exercises a PID loop at millikelvin; the full five-stage cryostat is CryostatPlant.
 */
public final class MixingChamberPlant implements Plant {
    private static final double COPPER_GAMMA = 0.695e-3;  // J/(mol K^2)
    private static final double COPPER_BETA = 0.048e-3;   // J/(mol K^4)
    private static final double COPPER_MOLAR_MASS_KG = 0.06355;

    private final double molesCopper;
    private final double circulationMolPerSecond;
    private final double parasiticWatts;
    private double temperatureKelvin;
    private double heaterWatts;
    private double timeSeconds;

    /**
     * @param copperMassKg            mass of the mixing-chamber plate
     * @param circulationMolPerSecond He-3 circulation ṅ
     * @param parasiticWatts          constant heat leak onto the stage
     * @param startKelvin             initial temperature
     */
    public MixingChamberPlant(double copperMassKg, double circulationMolPerSecond, double parasiticWatts, double startKelvin) {
        if (!(copperMassKg > 0) || !(circulationMolPerSecond > 0) || !(parasiticWatts >= 0) || !(startKelvin > 0)) {
            throw new IllegalArgumentException("mixing chamber plant: mass, circulation and start temperature must be > 0, parasitic >= 0");
        }
        this.molesCopper = copperMassKg / COPPER_MOLAR_MASS_KG;
        this.circulationMolPerSecond = circulationMolPerSecond;
        this.parasiticWatts = parasiticWatts;
        this.temperatureKelvin = startKelvin;
    }

    /** 1 kg of copper, ṅ = 0.5 mmol/s (400 µW at 100 mK), 4 µW parasitic (base ≈ 9.8 mK), starting at 4 K. */
    public static MixingChamberPlant typical() {
        return new MixingChamberPlant(1.0, 0.5e-3, 4e-6, 4.0);
    }

    public double coolingPowerWatts(double kelvin) {
        return 84.0 * circulationMolPerSecond * kelvin * kelvin;
    }

    public double heatCapacityJoulesPerKelvin(double kelvin) {
        return molesCopper * (COPPER_GAMMA * kelvin + COPPER_BETA * kelvin * kelvin * kelvin);
    }

    @Override
    public void update(double dtSeconds) {
        // backward Euler per sub-step with one Newton iteration: stable at every time constant
        double remaining = dtSeconds;
        while (remaining > 0) {
            double h = Math.min(remaining, 1.0);
            double t = temperatureKelvin;
            for (int k = 0; k < 4; k++) {
                double c = heatCapacityJoulesPerKelvin(t);
                double f = c * (t - temperatureKelvin) - h * (heaterWatts + parasiticWatts - coolingPowerWatts(t));
                double df = c + h * 2 * 84.0 * circulationMolPerSecond * t;
                t = Math.max(1e-4, t - f / df);
            }
            temperatureKelvin = t;
            remaining -= h;
        }
        timeSeconds += dtSeconds;
    }

    @Override
    public boolean hasStage(StageId stage) {
        return stage == StageId.MXC;
    }

    @Override
    public double temperatureKelvin(StageId stage) {
        return stage == StageId.MXC ? temperatureKelvin : Double.NaN;
    }

    @Override
    public void setHeaterPowerWatts(StageId stage, double powerWatts) {
        if (stage == StageId.MXC) {
            heaterWatts = powerWatts;
        }
    }

    @Override
    public void setBoardDissipationWatts(double powerWatts) {
        // no 4 K plate in this plant
    }

    @Override
    public double timeSeconds() {
        return timeSeconds;
    }
}
