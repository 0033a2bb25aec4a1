package cryo.sim.plant;

import cryo.hal.device.StageId;

/**
 * A cryostat thermal plant, stepped in virtual time. The simulated board reads stage temperatures
 * from it (through sensor models) and applies heater powers and board dissipation to it.
 *
 * <p>Thread contract: not thread-safe; the simulated board serializes access. {@link #update}
 * must not allocate in steady state (the cooldown benchmark runs millions of steps).
 */
public interface Plant {

    /** Advances the physics by {@code dtSeconds} of virtual time. */
    void update(double dtSeconds);

    /** Whether this plant models the stage at all. */
    boolean hasStage(StageId stage);

    /** True temperature of the stage's thermal mass, kelvin. */
    double temperatureKelvin(StageId stage);

    /** Heater power applied to the stage from the next update on, watts (already cut/clamped by the board). */
    void setHeaterPowerWatts(StageId stage, double powerWatts);

    /** Board (Cryo-CMOS) dissipation on the 4 K plate, watts. */
    void setBoardDissipationWatts(double powerWatts);

    /**
     * Board dissipation as its static part and its pulse (dynamic) part, watts. A plant that models
     * the pulse lines may put a share of the pulse part on the mixing chamber; by default all of it
     * goes on the 4 K plate.
     */
    default void setBoardDissipationWatts(double staticWatts, double pulseWatts) {
        setBoardDissipationWatts(staticWatts + pulseWatts);
    }

    /** Virtual seconds simulated so far. */
    double timeSeconds();

    // --- fault knobs (issue 3 item 4). Defaults refuse, so a plant that cannot model a fault says so
    // instead of silently ignoring it.

    /** Starts or stops the pulse tube (pulse-tube stop fault). */
    default void setPulseTubeRunning(boolean running) {
        throw new UnsupportedOperationException("this plant cannot stop its pulse tube");
    }

    /** Fraction of the He-3 circulation lost, 0 (healthy) … 1 (none circulates). */
    default void setCirculationLossFraction(double fraction) {
        throw new UnsupportedOperationException("this plant does not model circulation loss");
    }

    /** Residual gas pressure in the vacuum space, pascal (0 = good vacuum); adds gas conduction between stages. */
    default void setVacuumGasPressurePascal(double pressurePascal) {
        throw new UnsupportedOperationException("this plant does not model vacuum degradation");
    }
}
