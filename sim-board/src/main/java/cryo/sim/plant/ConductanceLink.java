package cryo.sim.plant;

/**
 * A conductance Q = G·(T_a − T_b) whose G the plant switches: precool heat switches, residual gas when the
 * vacuum degrades, a stopped pulse tube's tubes and regenerator. G = 0 costs nothing.
 */
final class ConductanceLink extends HeatPath {

    private final int a;
    private final int b;
    private double wattsPerKelvin;

    ConductanceLink(int a, int b, EnergyAccount account) {
        super(account);
        this.a = a;
        this.b = b;
    }

    void setWattsPerKelvin(double g) {
        wattsPerKelvin = g;
    }

    double wattsPerKelvin() {
        return wattsPerKelvin;
    }

    @Override
    void accumulate(NetworkState s) {
        if (wattsPerKelvin == 0) {
            lastWattsIn = 0;
            return;
        }
        double q = wattsPerKelvin * (s.kelvin(a) - s.kelvin(b));
        s.flow(a, b, q, wattsPerKelvin, -wattsPerKelvin);
        lastWattsIn = q;
    }
}
