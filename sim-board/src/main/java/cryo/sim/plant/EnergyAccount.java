package cryo.sim.plant;

/** Where heat crosses the boundary of the cryostat's copper network: the accounts of the {@link EnergyLedger}. */
public enum EnergyAccount {
    /** stage heaters (the board's outputs) */
    HEATERS(true),
    /** Cryo-CMOS board dissipation on the 4 K plate */
    BOARD(true),
    /** thermal radiation from the room-temperature vacuum can onto the 50 K shield */
    RADIATION(true),
    /** conduction from room temperature: supports, residual gas, a stopped pulse tube */
    CONDUCTION(true),
    /** fixed parasitic leaks (wiring, vibration, RF) */
    LEAKS(true),
    /** enthalpy the incoming mixture gas gives up on the 50 K and 4 K plates (condensing and circulating) */
    MIXTURE_GAS(true),
    /** heat lifted by the pulse tube's two stages */
    PULSE_TUBE(false),
    /** heat carried off by the He-3 pumped out of the still */
    DILUTION(false);

    private final boolean in;

    EnergyAccount(boolean in) {
        this.in = in;
    }

    /** Whether the account is normally heat into the cryostat (else heat out). */
    public boolean isIn() {
        return in;
    }
}
