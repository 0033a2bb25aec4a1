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

    /** Virtual seconds simulated so far. */
    double timeSeconds();
}
