package cryo.sim.plant;

/** Thermal radiation from a warmer enclosure onto a stage: Q = σ·εA·(T_warm⁴ − T_cold⁴). */
final class RadiativeLink extends HeatPath {

    static final double STEFAN_BOLTZMANN = 5.670374419e-8;

    private final int warm;
    private final int cold;
    private final double sigmaEpsArea;

    RadiativeLink(int warm, int cold, double emissivityAreaM2, EnergyAccount account) {
        super(account);
        this.warm = warm;
        this.cold = cold;
        this.sigmaEpsArea = STEFAN_BOLTZMANN * emissivityAreaM2;
    }

    @Override
    void accumulate(NetworkState s) {
        double tw = s.kelvin(warm);
        double tc = s.kelvin(cold);
        double tw2 = tw * tw;
        double tc2 = tc * tc;
        double q = sigmaEpsArea * (tw2 * tw2 - tc2 * tc2);
        s.flow(warm, cold, q, 4 * sigmaEpsArea * tw2 * tw, -4 * sigmaEpsArea * tc2 * tc);
        lastWattsIn = q;
    }
}
