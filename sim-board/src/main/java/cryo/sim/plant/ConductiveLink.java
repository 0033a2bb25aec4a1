package cryo.sim.plant;

/**
 * Solid conduction between two nodes through a material with T-dependent conductivity:
 * Q = (A/L)·(Θ(T_hot) − Θ(T_cold)), Θ the conductivity integral. Exact for a bar in steady state, which a
 * support is on the time scales of a plate (its own heat capacity is negligible next to the plate's).
 */
final class ConductiveLink extends HeatPath {

    private final int hot;
    private final int cold;
    private final TabulatedProperty material;
    private final double shapeMetres;

    ConductiveLink(int hot, int cold, TabulatedProperty material, double shapeMetres, EnergyAccount account) {
        super(account);
        this.hot = hot;
        this.cold = cold;
        this.material = material;
        this.shapeMetres = shapeMetres;
    }

    @Override
    void accumulate(NetworkState s) {
        double th = s.kelvin(hot);
        double tc = s.kelvin(cold);
        int ch = hot == NetworkState.ROOM ? TemperatureGrid.cell(th) : s.cell[hot];
        int cc = s.cell[cold];
        double q = shapeMetres * (material.integral(ch, th) - material.integral(cc, tc));
        double dqdHot = shapeMetres * material.value(ch, th);
        double dqdCold = -shapeMetres * material.value(cc, tc);
        s.flow(hot, cold, q, dqdHot, dqdCold);
        lastWattsIn = q;
    }
}
